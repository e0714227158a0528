import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../../../src/codec/hex.js';
import { sha3_256, sha3_512 } from '../../../../src/crypto/hash.js';
import { place, placementCandidates, type Candidate } from '../../../../src/chain/storage/placement.js';
import { keeperOf } from '../../../../src/chain/storage/keepers.js';
import { storedObject } from '../../../../src/chain/storage/objects.js';
import { segmentRoot } from '../../../../src/crypto/segment-tree.js';
import { file, keepers, registerPayload, tx, World } from './world.js';

const seedOf = (i: number) => sha3_512(new TextEncoder().encode(`seed ${i}`));
const root = sha3_256(new TextEncoder().encode('an object'));
const candidates: Candidate[] = [1, 2, 3, 4, 10].map((gib, i) => ({
  address: keepers[i].address,
  free: gib * 2 ** 30,
}));

test('placement is deterministic: the same seed and root draw the same distinct keepers, another seed others', () => {
  const a = place(candidates, 3, seedOf(1), root);
  assert.deepEqual(place(candidates, 3, seedOf(1), root), a);
  assert.equal(new Set(a.map(toHex)).size, 3);
  const draws = new Set(Array.from({ length: 20 }, (_, i) => place(candidates, 3, seedOf(i), root).map(toHex).join()));
  assert.ok(draws.size > 1);
  // Never more than there are candidates, never one twice.
  assert.equal(place(candidates.slice(0, 2), 3, seedOf(1), root).length, 2);
});

test('shares follow free capacity: chi-square over 5,000 seeds below the 0.1% critical value (df 4: 18.47)', () => {
  const counts = new Map(candidates.map((c) => [toHex(c.address), 0]));
  const N = 5000;
  for (let i = 0; i < N; i++) {
    const [drawn] = place(candidates, 1, seedOf(i), root);
    counts.set(toHex(drawn), counts.get(toHex(drawn))! + 1);
  }
  const total = candidates.reduce((s, c) => s + c.free, 0);
  let chi2 = 0;
  for (const c of candidates) {
    const expected = (N * c.free) / total;
    chi2 += (counts.get(toHex(c.address))! - expected) ** 2 / expected;
  }
  // The seeds are fixed, so the statistic is too. Uniform draws would give about 3,700 here.
  assert.ok(chi2 < 18.47, `chi-square ${chi2.toFixed(2)}`);
});

test('candidates: active keepers with room for the object that do not hold it, in keeper-list order', () => {
  const w = new World();
  const small = file('small', 3000);
  w.mine([
    tx(keepers[0], 0, registerPayload(10_000)),
    tx(keepers[1], 0, registerPayload(2_000)), // no room for a 3,000-byte object
    tx(keepers[2], 0, registerPayload(10_000)),
  ]);
  w.mine([], small);
  const object = storedObject(w.state, segmentRoot(small))!;
  assert.deepEqual(
    object.replicas.map((r) => toHex(r.keeper)).sort(),
    [0, 2].map((i) => toHex(keepers[i].address)).sort(),
  );
  assert.equal(keeperOf(w.state, keepers[0].address)!.used, 3000);
  assert.equal(keeperOf(w.state, keepers[1].address)!.used, 0);
  // Both holders are out, the third has no room: the object keeps two replicas and waits.
  assert.deepEqual(placementCandidates(w.state, object), []);
});
