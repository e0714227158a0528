// The storage records' encodings: canonical round trips, the decoders' strictness, and the largest object record
// within the undo record's value bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError } from '../../../../src/codec/errors.js';
import { MAX_UINT } from '../../../../src/chain/params.js';
import { decodeKeeper, encodeKeeper, type Keeper } from '../../../../src/chain/storage/keepers.js';
import {
  decodeStoredObject,
  encodeStoredObject,
  MAX_REPLICATION,
  objectRecord,
  OBJECTS,
  type StoredObject,
} from '../../../../src/chain/storage/objects.js';
import { decodeUndo, encodeUndo } from '../../../../src/chain/undo.js';

const keeper: Keeper = {
  status: 'exiting',
  capacity: MAX_UINT,
  used: 5,
  bond: (1n << 128n) - 1n,
  peerId: new Uint8Array(64).fill(7),
  registered: 3,
  unbondAt: 11,
  proofs: 2,
  misses: 1,
  earned: 200n,
  burnt: 10n,
};
const largest: StoredObject = {
  kind: 'data',
  size: MAX_UINT,
  replication: MAX_REPLICATION,
  created: MAX_UINT,
  replicas: Array.from({ length: MAX_REPLICATION }, (_, i) => ({
    keeper: Uint8Array.from({ length: 20 }, (_, j) => (j === 0 ? i : 0xff)),
    assigned: MAX_UINT,
    strikes: 255,
    lastProof: MAX_UINT,
  })),
};

test('keeper and object records round-trip; the largest object is under 10 KiB and fits an undo record', () => {
  assert.deepEqual(decodeKeeper(encodeKeeper(keeper)), keeper);
  const bytes = encodeStoredObject(largest);
  assert.ok(bytes.length < 10 * 1024, `${bytes.length} bytes`);
  assert.deepEqual(decodeStoredObject(bytes), largest);
  const undo = { prior: [objectRecord(new Uint8Array(32), largest)] };
  assert.deepEqual(decodeUndo(encodeUndo(undo)).prior[0].value, bytes);
  assert.equal(decodeUndo(encodeUndo(undo)).prior[0].ns, OBJECTS);
});

test('decoders refuse non-canonical records: replicas out of order, used above capacity, size 0, a bad status', () => {
  const swapped = { ...largest, replicas: [largest.replicas[1], largest.replicas[0]] };
  assert.throws(() => encodeStoredObject(swapped), RangeError);
  const two = encodeStoredObject({ ...largest, replicas: largest.replicas.slice(0, 2) });
  const header = two.length - 2 * (20 + 8 + 2 + 8);
  const flipped = Uint8Array.from([
    ...two.subarray(0, header),
    ...two.subarray(header + 38),
    ...two.subarray(header, header + 38),
  ]);
  assert.throws(() => decodeStoredObject(flipped), DecodeError);
  assert.throws(() => decodeKeeper(encodeKeeper({ ...keeper, used: 6, capacity: 5 })), DecodeError);
  assert.throws(() => decodeStoredObject(encodeStoredObject({ ...largest, size: 0, replicas: [] })), DecodeError);
  const status = encodeKeeper(keeper);
  status[0] = 3;
  assert.throws(() => decodeKeeper(status), DecodeError);
});
