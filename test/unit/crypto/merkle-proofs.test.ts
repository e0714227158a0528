import { test } from 'node:test';
import assert from 'node:assert/strict';
import { merkleProof, merkleProofs, merkleRoot, merkleVerify } from '../../../src/crypto/merkle.js';

test('merkleProofs gives every leaf the proof merkleProof gives it, for trees of 1 to 33 leaves', () => {
  for (let n = 1; n <= 33; n++) {
    const items = Array.from({ length: n }, (_, i) => Uint8Array.of(i, n));
    const root = merkleRoot(items);
    merkleProofs(items).forEach((proof, i) => {
      assert.deepEqual(proof, merkleProof(items, i), `${n} leaves, leaf ${i}`);
      assert.ok(merkleVerify(root, items[i], proof));
    });
  }
});
