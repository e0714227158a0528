// The governance namespace (tag 8, one-byte keys): the rules the chain trains by, as state, so that a block is judged
// by the rules of its parent's state (docs/PROTOCOL.md, "Governance"). Records:
//   key 0, the active rules (written at genesis from the config): problemId 32 ‖ problemSince varint(53)
//          ‖ grammarId 32 ‖ grammarSince varint(53), each since = the height at whose end it became active;
//   key 1, the genesis supply: varint(128), the sum of the genesis allocation (the quorum's base, 7.4);
//   keys 2 (problem) and 3 (grammar), a pending activation: proposal 32 ‖ rulesId 32 ‖ at varint(53).
// The problem id commits to the problem's threshold schedule and maxModelBytes (its encoding holds them), so the
// record fixes them too; the node maps the ids to what it loaded.
import { CodedError } from '../../base/coded-error.js';
import { DecodeError } from '../../codec/errors.js';
import { Reader } from '../../codec/reader.js';
import { Writer } from '../../codec/writer.js';
import { HASH_LENGTH } from '../header.js';
import type { Namespace, RecordChange, RecordReader } from '../namespace.js';
import { AMOUNT_BITS, MAX_UINT } from '../params.js';
import type { ProposalKind } from './proposals.js';

export const GOVERNANCE: Namespace = { tag: 8, name: 'governance', keyLength: 1 };
const ACTIVE_KEY = Uint8Array.of(0);
const SUPPLY_KEY = Uint8Array.of(1);
const PENDING_KEY: Record<ProposalKind, Uint8Array> = { problem: Uint8Array.of(2), grammar: Uint8Array.of(3) };

/**
 * The node lacks what judging this state or block needs: the state names a problem or grammar it has not loaded, or
 * the block activates a proposal it has no verdict on (7.6). Not a verdict on the block: fetch and retry.
 */
export class UnknownRulesError extends CodedError<'unknown-rules'> {}

export interface ActiveRules {
  readonly problemId: Uint8Array;
  readonly problemSince: number;
  readonly grammarId: Uint8Array;
  readonly grammarSince: number;
}

export interface PendingActivation {
  readonly proposal: Uint8Array;
  readonly rulesId: Uint8Array;
  /** The height at whose end it becomes active. */
  readonly at: number;
}

export function encodeActiveRules(a: ActiveRules): Uint8Array {
  return new Writer()
    .fixed('problemId', a.problemId, HASH_LENGTH)
    .varint('problemSince', a.problemSince, 53)
    .fixed('grammarId', a.grammarId, HASH_LENGTH)
    .varint('grammarSince', a.grammarSince, 53)
    .finish();
}

export function decodeActiveRules(bytes: Uint8Array): ActiveRules {
  const r = new Reader(bytes);
  const a = {
    problemId: r.fixed('problemId', HASH_LENGTH),
    problemSince: r.uint('problemSince', MAX_UINT),
    grammarId: r.fixed('grammarId', HASH_LENGTH),
    grammarSince: r.uint('grammarSince', MAX_UINT),
  };
  r.end('active rules');
  return a;
}

/** The problem and grammar blocks on this state are judged by; every state of a chain has them from genesis on. */
export function activeRules(state: RecordReader): ActiveRules {
  const value = state.record(GOVERNANCE, ACTIVE_KEY);
  if (!value) throw new DecodeError('governance', 'the state names no active problem and grammar');
  return decodeActiveRules(value);
}

export function activeRulesRecord(a: ActiveRules): RecordChange {
  return { ns: GOVERNANCE, key: ACTIVE_KEY, value: encodeActiveRules(a) };
}

export function genesisSupply(state: RecordReader): bigint {
  const value = state.record(GOVERNANCE, SUPPLY_KEY);
  if (!value) return 0n;
  const r = new Reader(value);
  const supply = r.varint('supply', AMOUNT_BITS);
  r.end('genesis supply');
  return supply;
}

export function genesisSupplyRecord(supply: bigint): RecordChange {
  return { ns: GOVERNANCE, key: SUPPLY_KEY, value: new Writer().varint('supply', supply, AMOUNT_BITS).finish() };
}

export function pendingActivation(state: RecordReader, kind: ProposalKind): PendingActivation | undefined {
  const value = state.record(GOVERNANCE, PENDING_KEY[kind]);
  if (!value) return undefined;
  const r = new Reader(value);
  const p = {
    proposal: r.fixed('proposal', HASH_LENGTH),
    rulesId: r.fixed('rulesId', HASH_LENGTH),
    at: r.uint('at', MAX_UINT),
  };
  r.end('pending activation');
  return p;
}

export function pendingRecord(kind: ProposalKind, p: PendingActivation | undefined): RecordChange {
  const value =
    p &&
    new Writer()
      .fixed('proposal', p.proposal, HASH_LENGTH)
      .fixed('rulesId', p.rulesId, HASH_LENGTH)
      .varint('at', p.at, 53)
      .finish();
  return { ns: GOVERNANCE, key: PENDING_KEY[kind], value };
}
