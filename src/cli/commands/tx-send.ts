// `coinai tx send`: signs a transfer with a key file and submits it to a running node. The chain id comes from
// the node; the nonce, unless given, is the account's next one after its transactions already in the mempool; the
// fee, unless given, the least the node's chain takes: minFee, plus accountCreationFee when the recipient has no
// account at the head.
import type { Command } from 'commander';
import { leastFee } from '../../chain/tx-rules.js';
import { formatAddress } from '../../crypto/address.js';
import type { AccountJson } from '../../node/api/routes/accounts.js';
import { ApiClient, withApiOption } from '../api-client.js';
import { print } from '../output.js';
import { describe, NONCE, sendSigned, transferFields, transferOptions, type TransferOptions } from '../tx-fields.js';

interface SendOptions extends TransferOptions {
  key: string;
  nonce?: number;
  api: string;
  json?: boolean;
}

export function registerSend(tx: Command): void {
  withApiOption(
    transferOptions(tx.command('send').description('sign a transfer with a key file and submit it to a running node')),
  )
    .requiredOption('--key <file>', "the sender's key file (asks its password, or COINAI_PASSWORD)")
    .option('--nonce <n>', "the sender's nonce (default: the account's next, after its pending transactions)", NONCE)
    .option('--json', 'print JSON')
    .action(async (opts: SendOptions) => {
      const client = new ApiClient(opts.api);
      const signed = await sendSigned(
        client,
        opts.key,
        async (status) => {
          const recipient = await client.get<AccountJson>(`/api/accounts/${formatAddress(opts.to)}`);
          const fees = { minFee: BigInt(status.minFee), accountCreationFee: BigInt(status.accountCreationFee) };
          const account = { balance: BigInt(recipient.balance), nonce: recipient.nonce };
          return transferFields(opts, leastFee(fees, account, opts.amount));
        },
        opts.nonce,
      );
      print(
        opts.json,
        describe(signed),
        (d) => `sent ${d.hash}\n${d.from} -> ${d.to}: ${d.amount} (fee ${d.fee}, nonce ${d.nonce})`,
      );
    });
}
