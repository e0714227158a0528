// The state is a set of records, each in a namespace: a one-byte tag, a fixed key length and a value encoding
// that the namespace's own module defines (account.ts, models.ts). Every record is a leaf of one sparse Merkle
// tree (src/crypto/sparse-merkle.ts) under treeKey = SHA3-256(utf8("coinai-state-v2") ‖ tag ‖ key), so records
// of different namespaces never share a leaf. Adding a namespace is a new module and a line in namespaces.ts.
import { utf8Bytes } from '../codec/bytes.js';
import { sha3_256 } from '../crypto/hash.js';

export interface Namespace {
  /** Unique among the registered namespaces (namespaces.ts); part of every tree key. */
  readonly tag: number;
  readonly name: string;
  /** Every key of the namespace has this many bytes. */
  readonly keyLength: number;
}

/** A record's value after a change, or its absence (undefined). */
export interface RecordChange {
  readonly ns: Namespace;
  readonly key: Uint8Array;
  readonly value: Uint8Array | undefined;
}

/** What reads records: the State, and the overlay a block executes on (execute.ts), so that the accessors of every
 * namespace (account.ts, storage/*.ts) serve both block execution and the mempool. */
export interface RecordReader {
  record(ns: Namespace, key: Uint8Array): Uint8Array | undefined;
}

export const STATE_KEY_DOMAIN = utf8Bytes('coinai-state-v2');

export function checkRecordKey(ns: Namespace, key: Uint8Array): void {
  if (key.length !== ns.keyLength)
    throw new RangeError(`a key of namespace ${ns.name} is ${ns.keyLength} bytes, not ${key.length}`);
}

/** The record's leaf key in the state tree. */
export function treeKey(ns: Namespace, key: Uint8Array): Uint8Array {
  checkRecordKey(ns, key);
  return sha3_256(STATE_KEY_DOMAIN, Uint8Array.of(ns.tag), key);
}
