// `coinai support ID --amount N`: locks N of the key's balance behind an open proposal (PROTOCOL.md 7.3); it
// unlocks with `coinai withdraw ID` once the proposal is decided or expires. Checked against the node's head first:
// a proposal it knows, open for the next block, a balance that covers the amount and the fee.
import type { Command } from 'commander';
import { MAX_AMOUNT } from '../../chain/params.js';
import { ApiClient } from '../api-client.js';
import { checkBalance, isOpenNext, parseProposalId, proposal, sender } from '../governance.js';
import { parseBigInteger } from '../options.js';
import { CliError, print } from '../output.js';
import { sendKind, signing, type SignOptions } from '../tx-fields.js';

interface SupportOptions extends SignOptions {
  amount: bigint;
}

export function register(program: Command): void {
  signing(
    program
      .command('support')
      .description('lock coins behind an open proposal (unlocked by withdraw once it is decided or expires)')
      .argument('<id>', 'the proposal id (64 hex digits; coinai proposals lists them)', parseProposalId)
      .requiredOption('--amount <n>', 'coins to lock, in the smallest unit', parseBigInteger('--amount', MAX_AMOUNT)),
    "the supporter's",
  ).action(async (id: Uint8Array, opts: SupportOptions) => {
    if (opts.amount < 1n) throw new CliError('--amount must be at least 1');
    const client = new ApiClient(opts.api);
    const from = await sender(client, opts);
    const p = await proposal(client, id);
    if (!isOpenNext(p, from.status.height)) {
      throw new CliError(
        p.status === 'open'
          ? `proposal ${p.id} expired at height ${p.expires}: it takes no more support`
          : `proposal ${p.id} is ${p.status}, not open: it takes no more support`,
      );
    }
    await checkBalance(client, from, opts.amount, 'amount');
    const sent = await sendKind(opts, () => ({ kind: 'support', proposal: id, amount: opts.amount }));
    print(
      opts.json,
      { ...sent, proposalId: p.id, locked: opts.amount },
      (d) => `sent ${d.hash}\n${d.from} supports ${d.proposalId} with ${d.locked} (fee ${d.fee}, nonce ${d.nonce})`,
    );
  });
}
