// The proposals namespace (tag 9): one record per proposal, keyed by its id (SHA3-256 of its payload, 7.3: tx-payload.ts proposalIdOf).
// Encoding: kind u8 (0 problem, 1 grammar) ‖ proposer 20 ‖ deposit varint(128) ‖ created varint(53)
//   ‖ status u8 (0 open, 1 selected, 2 lost, 3 expired) ‖ support varint(128) ‖ rulesId 32
// `support` is the sum of the coins locked behind it (its support records); `rulesId` is what becomes active if it
// wins: a problem proposal's own id, a grammar proposal's grammar id.
import { Reader } from '../../codec/reader.js';
import { Writer } from '../../codec/writer.js';
import { ADDRESS_LENGTH, type Address } from '../../crypto/address.js';
import { HASH_LENGTH } from '../header.js';
import type { Namespace, RecordChange, RecordReader } from '../namespace.js';
import { AMOUNT_BITS, MAX_UINT } from '../params.js';

export const PROPOSALS: Namespace = { tag: 9, name: 'proposals', keyLength: HASH_LENGTH };

export const PROPOSAL_KINDS = ['problem', 'grammar'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];
export const PROPOSAL_STATUSES = ['open', 'selected', 'lost', 'expired'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export interface Proposal {
  readonly kind: ProposalKind;
  readonly proposer: Address;
  /** Locked from the proposer's balance; paid back when the proposal is selected or expires. */
  readonly deposit: bigint;
  /** The height of the block that made it. */
  readonly created: number;
  readonly status: ProposalStatus;
  /** The coins locked behind it. */
  readonly support: bigint;
  readonly rulesId: Uint8Array;
}

export function encodeProposal(p: Proposal): Uint8Array {
  return new Writer()
    .varint('kind', PROPOSAL_KINDS.indexOf(p.kind), 8)
    .fixed('proposer', p.proposer, ADDRESS_LENGTH)
    .varint('deposit', p.deposit, AMOUNT_BITS)
    .varint('created', p.created, 53)
    .varint('status', PROPOSAL_STATUSES.indexOf(p.status), 8)
    .varint('support', p.support, AMOUNT_BITS)
    .fixed('rulesId', p.rulesId, HASH_LENGTH)
    .finish();
}

export function decodeProposal(bytes: Uint8Array): Proposal {
  const r = new Reader(bytes);
  const p: Proposal = {
    kind: PROPOSAL_KINDS[r.uint('kind', PROPOSAL_KINDS.length - 1)],
    proposer: r.fixed('proposer', ADDRESS_LENGTH),
    deposit: r.varint('deposit', AMOUNT_BITS),
    created: r.uint('created', MAX_UINT),
    status: PROPOSAL_STATUSES[r.uint('status', PROPOSAL_STATUSES.length - 1)],
    support: r.varint('support', AMOUNT_BITS),
    rulesId: r.fixed('rulesId', HASH_LENGTH),
  };
  r.end('proposal');
  return p;
}

export function proposalOf(state: RecordReader, id: Uint8Array): Proposal | undefined {
  const value = state.record(PROPOSALS, id);
  return value && decodeProposal(value);
}

export function proposalRecord(id: Uint8Array, p: Proposal): RecordChange {
  return { ns: PROPOSALS, key: id, value: encodeProposal(p) };
}

/** Open, and not past its lifetime at `height` (the end-of-block pass marks it expired at created + X). */
export function isOpen(p: Proposal, height: number, lifetime: number): boolean {
  return p.status === 'open' && height <= p.created + lifetime;
}
