// The supports namespace (tag 10): the coins one account locked behind one proposal, keyed by address 20 ‖
// proposal id 32. Encoding: amount varint(128) ‖ since varint(53), the height of its latest support (a top-up
// restarts the confirm period of the whole lock: 7.4).
import { bytesEqual } from '../../codec/hex.js';
import { Reader } from '../../codec/reader.js';
import { Writer } from '../../codec/writer.js';
import { ADDRESS_LENGTH, type Address } from '../../crypto/address.js';
import { HASH_LENGTH } from '../header.js';
import type { Namespace, RecordChange, RecordReader } from '../namespace.js';
import { AMOUNT_BITS, MAX_UINT } from '../params.js';
import { listEntries, removeFromList, SUPPORT_LIST } from '../storage/lists.js';

export const SUPPORTS: Namespace = { tag: 10, name: 'supports', keyLength: ADDRESS_LENGTH + HASH_LENGTH };

export interface Support {
  readonly amount: bigint;
  readonly since: number;
}

export function supportKey(address: Address, id: Uint8Array): Uint8Array {
  const key = new Uint8Array(ADDRESS_LENGTH + HASH_LENGTH);
  key.set(address);
  key.set(id, ADDRESS_LENGTH);
  return key;
}

export function encodeSupport(s: Support): Uint8Array {
  return new Writer().varint('amount', s.amount, AMOUNT_BITS).varint('since', s.since, 53).finish();
}

export function decodeSupport(bytes: Uint8Array): Support {
  const r = new Reader(bytes);
  const s = { amount: r.varint('amount', AMOUNT_BITS), since: r.uint('since', MAX_UINT) };
  r.end('support');
  return s;
}

export function supportOf(state: RecordReader, address: Address, id: Uint8Array): Support | undefined {
  const value = state.record(SUPPORTS, supportKey(address, id));
  return value && decodeSupport(value);
}

/** The change setting (or, with undefined, removing) `address`'s support of proposal `id`. */
export function supportRecord(address: Address, id: Uint8Array, s: Support | undefined): RecordChange {
  return { ns: SUPPORTS, key: supportKey(address, id), value: s && encodeSupport(s) };
}

/** The changes removing `address`'s support of `id` and its support-list entry (found by a walk of the list). */
export function dropSupport(state: RecordReader, address: Address, id: Uint8Array): RecordChange[] {
  const key = supportKey(address, id);
  const index = listEntries(state, SUPPORT_LIST).findIndex((k) => bytesEqual(k, key));
  return [supportRecord(address, id, undefined), ...removeFromList(state, SUPPORT_LIST, index)];
}
