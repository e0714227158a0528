// An address: its balance and nonce at the head, and its history (transfers sent and received, blocks mined), newest
// first, a page at a time, from the node's address index.
import { get, type AccountJson, type HistoryJson } from '../api.js';
import { fields, fill, h, link, short, table } from '../dom.js';
import type { Page } from '../page.js';

export const addressPage: Page = async (ctx, address) => {
  const [account, first] = await Promise.all([
    get<AccountJson>(`/api/accounts/${address}`),
    get<HistoryJson>(`/api/accounts/${address}/history`),
  ]);
  if (!ctx.current()) return;
  const rows = h('div');
  const more = h('div');
  fill(
    ctx.view,
    h('h1', {}, 'Address'),
    h('p', { class: 'mono' }, account.address),
    fields([
      ['balance', account.balance],
      ['nonce', String(account.nonce)],
      ['pending transactions', String(account.pending)],
    ]),
    h('h2', {}, 'History'),
    rows,
    more,
  );
  const entries: HistoryJson['entries'][number][] = [];
  const show = (page: HistoryJson) => {
    entries.push(...page.entries);
    fill(
      rows,
      entries.length === 0
        ? h('p', {}, 'No transactions and no mined blocks.')
        : table(
            ['block', 'what', 'counterparty', 'amount', 'fee', 'transaction'],
            entries.map((e) => [
              link(`#/block/${e.blockHash}`, `#${e.height}`),
              e.kind,
              e.tx
                ? link(
                    `#/address/${e.kind === 'sent' ? e.tx.to : e.tx.from}`,
                    short(e.kind === 'sent' ? e.tx.to : e.tx.from, 6),
                  )
                : '',
              e.tx ? e.tx.amount : 'block reward',
              e.tx ? e.tx.fee : '',
              e.tx ? link(`#/tx/${e.tx.hash}`, short(e.tx.hash)) : '',
            ]),
          ),
    );
    fill(
      more,
      page.next &&
        h(
          'button',
          {
            type: 'button',
            onclick: () =>
              void get<HistoryJson>(`/api/accounts/${address}/history?before=${page.next}`).then((p) => {
                if (ctx.current()) show(p);
              }),
          },
          'Older',
        ),
    );
  };
  show(first);
};
