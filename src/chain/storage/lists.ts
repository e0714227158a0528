// The storage-lists namespace (tag 6): the lists the state transition walks, as records keyed by list id u8 ‖ index
// u32 big-endian, with each list's length under index 0xffffffff (a varint(32) value). List 0 holds the address of
// every keeper with a record, in registration order (a removal moves the last entry into the hole); list 1 the root
// of every stored object, in creation order (append-only); list 2 the id of every open proposal, in creation order
// but for removals (governance/decision.ts); list 3 the key of every support record (address ‖ proposal id), in
// creation order but for removals. A list entry's value is the address, root, id or key itself.
import { ADDRESS_LENGTH, type Address } from '../../crypto/address.js';
import { Reader } from '../../codec/reader.js';
import { Writer } from '../../codec/writer.js';
import type { Namespace, RecordChange, RecordReader } from '../namespace.js';
import { ROOT_LENGTH } from './objects.js';

export const STORAGE_LISTS: Namespace = { tag: 6, name: 'storage-lists', keyLength: 5 };

export const KEEPER_LIST = 0;
export const OBJECT_LIST = 1;
export const PROPOSAL_LIST = 2;
export const SUPPORT_LIST = 3;
type ListId = typeof KEEPER_LIST | typeof OBJECT_LIST | typeof PROPOSAL_LIST | typeof SUPPORT_LIST;
const ENTRY_LENGTH: Record<ListId, number> = {
  [KEEPER_LIST]: ADDRESS_LENGTH,
  [OBJECT_LIST]: ROOT_LENGTH,
  [PROPOSAL_LIST]: ROOT_LENGTH,
  [SUPPORT_LIST]: ADDRESS_LENGTH + ROOT_LENGTH,
};

const COUNT_INDEX = 0xffff_ffff;
/** The most entries a list may hold (its indices stop below the count's key). */
export const MAX_LIST_LENGTH = COUNT_INDEX;

export function listKey(list: ListId, index: number): Uint8Array {
  const key = new Uint8Array(5);
  key[0] = list;
  new DataView(key.buffer).setUint32(1, index, false);
  return key;
}

export function listLength(state: RecordReader, list: ListId): number {
  const value = state.record(STORAGE_LISTS, listKey(list, COUNT_INDEX));
  if (!value) return 0;
  const r = new Reader(value);
  const n = r.uint('count', MAX_LIST_LENGTH);
  r.end('list count');
  return n;
}

export function listEntry(state: RecordReader, list: ListId, index: number): Uint8Array {
  const value = state.record(STORAGE_LISTS, listKey(list, index));
  if (!value || value.length !== ENTRY_LENGTH[list]) throw new RangeError(`list ${list} has no entry ${index}`);
  return value;
}

export function listEntries(state: RecordReader, list: ListId): Uint8Array[] {
  return Array.from({ length: listLength(state, list) }, (_, i) => listEntry(state, list, i));
}

/** Every keeper with a record, in list order (registration order, but for removals). */
export function keeperAddresses(state: RecordReader): Address[] {
  return listEntries(state, KEEPER_LIST);
}

/** Every stored object's root, in creation order. */
export function objectRoots(state: RecordReader): Uint8Array[] {
  return listEntries(state, OBJECT_LIST);
}

function countRecord(list: ListId, n: number): RecordChange {
  return {
    ns: STORAGE_LISTS,
    key: listKey(list, COUNT_INDEX),
    value: n === 0 ? undefined : new Writer().varint('count', n, 32).finish(),
  };
}

/** The records of a whole list holding `values` (for a state built at once, as genesis is). */
export function listRecords(list: ListId, values: readonly Uint8Array[]): RecordChange[] {
  return [
    ...values.map((value, i) => ({ ns: STORAGE_LISTS, key: listKey(list, i), value })),
    countRecord(list, values.length),
  ];
}

/** The changes appending `value` to `list`. */
export function appendToList(state: RecordReader, list: ListId, value: Uint8Array): RecordChange[] {
  const n = listLength(state, list);
  if (n >= MAX_LIST_LENGTH) throw new RangeError(`list ${list} is full`);
  return [{ ns: STORAGE_LISTS, key: listKey(list, n), value }, countRecord(list, n + 1)];
}

/** The changes removing entry `index` of `list`: the last entry moves into its place. */
export function removeFromList(state: RecordReader, list: ListId, index: number): RecordChange[] {
  const last = listLength(state, list) - 1;
  const changes: RecordChange[] = [];
  if (index !== last)
    changes.push({ ns: STORAGE_LISTS, key: listKey(list, index), value: listEntry(state, list, last) });
  changes.push({ ns: STORAGE_LISTS, key: listKey(list, last), value: undefined }, countRecord(list, last));
  return changes;
}
