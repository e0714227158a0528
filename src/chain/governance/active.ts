// The governance namespace (tag 8, one-byte keys): the rules the chain trains by, as state, so that a block is judged
// by the rules of its parent's state (docs/PROTOCOL.md, "Governance"). Key 0, the active record, written at genesis
// from the config: problemId 32 ‖ grammarId 32. The problem id commits to the problem's threshold schedule and
// maxModelBytes (its encoding holds them), so the record fixes them too; the node maps the ids to what it loaded.
import { Reader } from '../../codec/reader.js';
import { Writer } from '../../codec/writer.js';
import { DecodeError } from '../../codec/errors.js';
import { HASH_LENGTH } from '../header.js';
import type { Namespace, RecordChange, RecordReader } from '../namespace.js';

export const GOVERNANCE: Namespace = { tag: 8, name: 'governance', keyLength: 1 };
const ACTIVE_KEY = Uint8Array.of(0);

export interface ActiveRules {
  readonly problemId: Uint8Array;
  readonly grammarId: Uint8Array;
}

export function encodeActiveRules(a: ActiveRules): Uint8Array {
  return new Writer()
    .fixed('problemId', a.problemId, HASH_LENGTH)
    .fixed('grammarId', a.grammarId, HASH_LENGTH)
    .finish();
}

export function decodeActiveRules(bytes: Uint8Array): ActiveRules {
  const r = new Reader(bytes);
  const a = { problemId: r.fixed('problemId', HASH_LENGTH), grammarId: r.fixed('grammarId', HASH_LENGTH) };
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
