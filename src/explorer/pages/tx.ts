// A transaction: mined (with its block) or pending in the node's mempool.
import { get, type LocatedTxJson } from '../api.js';
import { fields, fill, h, link } from '../dom.js';
import type { Page } from '../page.js';

export const txPage: Page = async (ctx, hash) => {
  const t = await get<LocatedTxJson>(`/api/tx/${hash}`);
  if (!ctx.current()) return;
  fill(
    ctx.view,
    h('h1', {}, 'Transaction'),
    fields([
      ['hash', t.hash],
      [
        'status',
        t.block
          ? ['mined in block ', link(`#/block/${t.block.hash}`, `#${t.block.height}`), `, position ${t.block.index}`]
          : 'pending in the mempool',
      ],
      ['kind', t.kind],
      ['from', link(`#/address/${t.from}`, t.from)],
      ['to', link(`#/address/${t.to}`, t.to)],
      ['amount', t.amount],
      ['fee', t.fee],
      ['nonce', String(t.nonce)],
      ['memo', t.memo === '' ? '(none)' : t.memo],
      ['chain id', String(t.chainId)],
      ['public key', t.sender],
      ['signature', t.signature],
    ]),
  );
};
