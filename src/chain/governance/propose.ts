// What both proposal kinds do against the state (7.3): a proposal id new to the chain; the deposit (taken from the
// sender's balance with the fee) moves into a new open proposal record, its id joins the proposal list, and the file it names becomes a stored
// object wanting R_data replicas (kind data), unless the chain already stores it, so that keepers hold it from the
// next challenge block on.
import { toHex } from '../../codec/hex.js';
import type { Address } from '../../crypto/address.js';
import type { Ledger } from '../ledger.js';
import type { RecordReader } from '../namespace.js';
import type { ChainParams } from '../params.js';
import { appendToList, OBJECT_LIST, PROPOSAL_LIST } from '../storage/lists.js';
import type { TxRejection } from '../tx/kind.js';
import { proposalOf, proposalRecord, type ProposalKind } from './proposals.js';

export interface NewProposal {
  readonly id: Uint8Array;
  readonly kind: ProposalKind;
  readonly rulesId: Uint8Array;
  readonly deposit: bigint;
  /** The stored object it names: a data set's pack, a grammar file. */
  readonly file: { readonly root: Uint8Array; readonly size: number };
}

export function proposeRejection(state: RecordReader, id: Uint8Array): TxRejection | undefined {
  if (proposalOf(state, id)) return { code: 'duplicate-proposal', detail: `proposal ${toHex(id)} exists` };
  return undefined;
}

export function applyProposal(params: ChainParams, ledger: Ledger, sender: Address, height: number, p: NewProposal) {
  ledger.set(
    proposalRecord(p.id, {
      kind: p.kind,
      proposer: sender,
      deposit: p.deposit,
      created: height,
      status: 'open',
      support: 0n,
      rulesId: p.rulesId,
    }),
    ...appendToList(ledger, PROPOSAL_LIST, p.id),
  );
  const { root, size } = p.file;
  if (ledger.object(root)) return;
  const replication = params.storage.dataReplication;
  ledger.setObject(root, { kind: 'data', size, replication, created: height, replicas: [] });
  ledger.set(...appendToList(ledger, OBJECT_LIST, root));
}
