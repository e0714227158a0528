// `coinai account <address>`: an address's balance, nonces and recent history, through a node's API. `coinai wallet
// balance` (wallet.ts) prints the same first lines for every key of a keystore.
import type { Command } from 'commander';
import type { AccountJson, HistoryJson } from '../../node/api/routes/accounts.js';
import { ApiClient, withApiOption } from '../api-client.js';
import { parseAddressOption, parseInteger } from '../options.js';
import { formatAddress } from '../../crypto/address.js';
import { print } from '../output.js';

export const accountLines = (a: AccountJson): string[] => [
  `address  ${a.address}`,
  `balance  ${a.balance}`,
  `nonce    ${a.nonce} (next transaction: ${a.nextNonce}; ${a.pending} pending)`,
];

function historyLines(h: HistoryJson): string[] {
  if (h.entries.length === 0) return ['no transactions and no mined blocks'];
  return h.entries.map((e) =>
    e.tx
      ? `${String(e.height).padStart(8)}  ${e.kind.padEnd(8)}  ${e.tx.amount} (fee ${e.tx.fee})  ` +
        `${e.kind === 'sent' ? `to ${e.tx.to}` : `from ${e.tx.from}`}  tx ${e.tx.hash}`
      : `${String(e.height).padStart(8)}  mined     block ${e.blockHash}`,
  );
}

export function register(program: Command): void {
  withApiOption(
    program
      .command('account')
      .description("an address's balance, nonce and recent transactions and mined blocks, from a running node")
      .argument('<address>', 'address (cai…)', parseAddressOption('address')),
  )
    .option('--recent <n>', 'history entries to show, newest first', parseInteger('--recent', { min: 1, max: 100 }), 10)
    .option('--json', 'print JSON')
    .action(async (address: Uint8Array, opts: { api: string; recent: number; json?: boolean }) => {
      const client = new ApiClient(opts.api);
      const text = formatAddress(address);
      const [account, history] = await Promise.all([
        client.get<AccountJson>(`/api/accounts/${text}`),
        client.get<HistoryJson>(`/api/accounts/${text}/history?limit=${opts.recent}`),
      ]);
      print(opts.json, { ...account, history: history.entries }, () =>
        [...accountLines(account), '', ...historyLines(history)].join('\n'),
      );
    });
}
