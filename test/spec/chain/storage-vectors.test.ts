// test/spec/vectors/storage.json: the committed file is what the generator makes, and its values follow from the
// rules of docs/PROTOCOL.md ("Proof of storage") recomputed here with node:crypto's SHA3 and BigInt alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fromHex, toHex } from '../../../src/codec/hex.js';
import { decodeTransaction } from '../../../src/chain/transaction.js';
import { verifyTransactionSignature } from '../../../src/chain/tx-signing.js';
import { decodeEpoch } from '../../../src/chain/storage/epoch.js';
import { decodeKeeper } from '../../../src/chain/storage/keepers.js';
import { decodeStoredObject } from '../../../src/chain/storage/objects.js';
import { parseAddress } from '../../../src/crypto/address.js';
import { segmentRoot, verifySegmentProof } from '../../../src/crypto/segment-tree.js';
import { makeVectors } from '../vectors/generate.js';

const v = JSON.parse(readFileSync(new URL('../vectors/storage.json', import.meta.url), 'utf8'));
const hex = (s: string) => fromHex('vector', s);
const sha3 = (...parts: Uint8Array[]) => {
  const h = createHash('sha3-256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const file = Uint8Array.from({ length: v.file.size }, (_, i) => i % 251);

test('storage.json is what the generator makes', () => {
  assert.deepEqual(v, makeVectors().storage);
});

test('the transactions decode to their kinds, hash to their hashes and are signed; the proof verifies', () => {
  const kinds: Record<string, string> = {
    keeperRegister: 'keeper-register',
    storageProof: 'storage-proof',
    keeperExit: 'keeper-exit',
  };
  for (const [name, kind] of Object.entries(kinds)) {
    const bytes = hex(v.transactions[name].encoding);
    const tx = decodeTransaction(bytes);
    assert.equal(tx.payload.kind, kind);
    assert.equal(toHex(sha3(bytes)), v.transactions[name].hash);
    assert.ok(verifyTransactionSignature(tx));
    assert.equal(tx.amount, 0n);
    assert.deepEqual(tx.recipient, new Uint8Array(20));
  }
  assert.equal(toHex(segmentRoot(file)), v.file.root);
  const proof = decodeTransaction(hex(v.transactions.storageProof.encoding)).payload;
  assert.ok(proof.kind === 'storage-proof');
  assert.deepEqual({ index: proof.index, segment: toHex(proof.segment), siblings: proof.siblings.map(toHex) }, v.proof);
  assert.equal(toHex(proof.segment), toHex(file.subarray(proof.index * 1024, proof.index * 1024 + 1024)));
  assert.ok(verifySegmentProof(hex(v.file.root), v.file.size, proof));
});

test('the challenge segment: the first 8 bytes of SHA3-256(domain ‖ seed ‖ root ‖ keeper), big-endian, mod 69', () => {
  const h = sha3(
    new TextEncoder().encode('coinai-challenge-v1'),
    hex(v.seed),
    hex(v.file.root),
    parseAddress(v.challenge.keeper),
  );
  const x = BigInt('0x' + toHex(h.subarray(0, 8)));
  assert.equal(Number(x % BigInt(Math.ceil(v.file.size / 1024))), v.challenge.segment);
  assert.equal(v.proof.index, v.challenge.segment);
});

test('the placement: r0 from the hash, the first keeper where the cumulative free capacity passes it', () => {
  const { candidates, r0, drawn } = v.placement;
  const total = candidates.reduce((s: bigint, c: { free: number }) => s + BigInt(c.free), 0n);
  const h = sha3(new TextEncoder().encode('coinai-place-v1'), hex(v.seed), hex(v.file.root), Uint8Array.of(0, 0, 0, 0));
  assert.equal((BigInt('0x' + toHex(h)) % total).toString(), r0);
  let left = BigInt(r0);
  const first = candidates.find((c: { free: number }) => (left -= BigInt(c.free)) < 0n);
  assert.equal(first.address, drawn[0]);
  assert.equal(new Set(drawn).size, 2);
});

test('the records decode to what the description says', () => {
  const keeper = decodeKeeper(hex(v.records.keeper));
  assert.deepEqual([keeper.status, keeper.capacity, keeper.used, keeper.bond], ['active', 2 ** 31, 70_000, 1000n]);
  const object = decodeStoredObject(hex(v.records.object));
  assert.deepEqual([object.kind, object.size, object.replication, object.replicas.length], ['model', 70_000, 3, 1]);
  assert.deepEqual(decodeEpoch(hex(v.records.epoch)), { epoch: 1, height: 4, seed: hex(v.seed) });
});
