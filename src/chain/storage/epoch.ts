// The epoch namespace (tag 7, the empty key): the latest challenge, written at each challenge block c = e·E.
// Encoding: epoch varint(53) ‖ height varint(53) ‖ seed 64 (the work hash of block c). Absent before the first one.
import { Reader } from '../../codec/reader.js';
import { Writer } from '../../codec/writer.js';
import type { Namespace, RecordChange, RecordReader } from '../namespace.js';
import { MAX_UINT } from '../params.js';
import { WORK_HASH_LENGTH } from '../work-hash.js';

export const EPOCH: Namespace = { tag: 7, name: 'epoch', keyLength: 0 };
const KEY = new Uint8Array(0);

export interface Epoch {
  readonly epoch: number;
  /** Its challenge block. */
  readonly height: number;
  readonly seed: Uint8Array;
}

export function encodeEpoch(e: Epoch): Uint8Array {
  return new Writer()
    .varint('epoch', e.epoch, 53)
    .varint('height', e.height, 53)
    .fixed('seed', e.seed, WORK_HASH_LENGTH)
    .finish();
}

export function decodeEpoch(bytes: Uint8Array): Epoch {
  const r = new Reader(bytes);
  const e = {
    epoch: r.uint('epoch', MAX_UINT),
    height: r.uint('height', MAX_UINT),
    seed: r.fixed('seed', WORK_HASH_LENGTH),
  };
  r.end('epoch');
  return e;
}

/** The latest challenge, undefined before the first challenge block. */
export function currentEpoch(state: RecordReader): Epoch | undefined {
  const value = state.record(EPOCH, KEY);
  return value && decodeEpoch(value);
}

export function epochRecord(e: Epoch): RecordChange {
  return { ns: EPOCH, key: KEY, value: encodeEpoch(e) };
}
