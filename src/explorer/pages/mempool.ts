// The node's pending transactions by fee rate (fee per encoded byte, as the pool ranks them; the node sorts them),
// reloaded when the node says the pool changed.
import { get, type TxJson } from '../api.js';
import { fill, h } from '../dom.js';
import type { Page } from '../page.js';
import { txTable } from './block.js';

type PooledTx = TxJson & { readonly size: number };

export const mempoolPage: Page = async (ctx) => {
  const summary = h('p', { id: 'mempool-size' });
  const list = h('div');
  const load = async () => {
    const { size, txs } = await get<{ size: number; txs: PooledTx[] }>('/api/mempool');
    if (!ctx.current()) return;
    summary.textContent = `${size} pending transactions${size > txs.length ? `, the best ${txs.length} shown` : ''}.`;
    fill(
      list,
      txs.length > 0 &&
        txTable(txs, {
          head: ['bytes', 'fee per byte'],
          cells: (t) => [t.size, (Number(t.fee) / t.size).toPrecision(4)],
        }),
    );
  };
  await load();
  if (!ctx.current()) return;
  fill(ctx.view, h('h1', {}, 'Mempool'), summary, list);
  ctx.on('mempool', () => void load());
};
