// `coinai withdraw ID`: unlocks what the key locked behind a proposal (PROTOCOL.md 7.3), once the proposal is no
// longer open (decided or expired). Checked against the node's head first: a proposal it knows, no longer open for
// the next block, a support record of the key's account, a balance that covers the fee.
import type { Command } from 'commander';
import { ApiClient } from '../api-client.js';
import { checkBalance, isOpenNext, parseProposalId, proposal, sender } from '../governance.js';
import { CliError, print } from '../output.js';
import { sendKind, signing, type SignOptions } from '../tx-fields.js';

export function register(program: Command): void {
  signing(
    program
      .command('withdraw')
      .description('unlock the coins locked behind a proposal, once it is decided or expired')
      .argument('<id>', 'the proposal id (64 hex digits)', parseProposalId),
    "the supporter's",
  ).action(async (id: Uint8Array, opts: SignOptions) => {
    const client = new ApiClient(opts.api);
    const from = await sender(client, opts);
    const p = await proposal(client, id);
    if (isOpenNext(p, from.status.height)) {
      throw new CliError(
        `proposal ${p.id} is open until height ${p.expires} or its selection: its support unlocks once it is ` +
          'decided or expires',
      );
    }
    const lock = p.supports.find((s) => s.address === from.address);
    if (!lock) throw new CliError(`${from.address} has nothing locked behind proposal ${p.id}`);
    await checkBalance(client, from);
    const sent = await sendKind(opts, () => ({ kind: 'withdraw', proposal: id }));
    print(
      opts.json,
      { ...sent, proposalId: p.id, unlocked: lock.amount },
      (d) => `sent ${d.hash}\n${d.from} withdraws ${d.unlocked} from ${d.proposalId} (fee ${d.fee}, nonce ${d.nonce})`,
    );
  });
}
