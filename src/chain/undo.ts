// What undoing a block needs: the prior value of every record the block changed (absent for one it created), in
// ascending (namespace tag, key) order. Encoding: varint count ‖ (u8 tag ‖ key ‖ u8 present ‖
// (varbytes value if present))*, the key as long as its namespace's keys.
import { compareBytes } from '../codec/bytes.js';
import { DecodeError } from '../codec/errors.js';
import { Reader } from '../codec/reader.js';
import { Writer } from '../codec/writer.js';
import type { RecordChange } from './namespace.js';
import { namespaceByTag } from './namespaces.js';
import type { State } from './state.js';

/** The largest record value an undo record holds: the largest record, a stored object with 255 replicas, is under
 * 10 KiB (storage/objects.ts); an account is at most 19 + 8 bytes. */
const MAX_RECORD_VALUE = 1 << 16;

export interface Undo {
  readonly prior: readonly RecordChange[];
}

function compareRecords(a: RecordChange, b: RecordChange): number {
  return a.ns.tag - b.ns.tag || compareBytes(a.key, b.key);
}

/** `u` with its records in the canonical order. */
export function sortUndo(u: Undo): Undo {
  return { prior: [...u.prior].sort(compareRecords) };
}

/** The state before the block whose undo record this is. */
export function revertBlock(state: State, undo: Undo): State {
  return state.update(undo.prior);
}

export function encodeUndo(u: Undo): Uint8Array {
  const w = new Writer().varint('count', u.prior.length, 32);
  for (const { ns, key, value } of u.prior) {
    w.varint('tag', ns.tag, 8)
      .fixed('key', key, ns.keyLength)
      .varint('present', value ? 1 : 0, 1);
    if (value) w.varBytes('value', value, MAX_RECORD_VALUE);
  }
  return w.finish();
}

export function decodeUndo(bytes: Uint8Array): Undo {
  const r = new Reader(bytes);
  const count = r.uint('count', Math.floor(bytes.length / 3));
  const prior: RecordChange[] = [];
  for (let i = 0; i < count; i++) {
    const tag = r.uint('tag', 255);
    const ns = namespaceByTag(tag);
    if (!ns) throw new DecodeError('tag', `no state namespace has tag ${tag}`);
    const key = r.fixed('key', ns.keyLength);
    const value = r.uint('present', 1) === 1 ? r.varBytes('value', MAX_RECORD_VALUE) : undefined;
    const record = { ns, key, value };
    if (i > 0 && compareRecords(prior[i - 1], record) >= 0) {
      throw new DecodeError('key', 'undo records must be in strictly ascending (tag, key) order');
    }
    prior.push(record);
  }
  r.end('undo');
  return { prior };
}
