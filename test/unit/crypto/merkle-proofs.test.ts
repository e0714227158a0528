import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  merkleLeaf,
  merkleProof,
  merkleProofs,
  merkleRoot,
  merkleProofAt,
  merkleTreeOver,
  merkleVerify,
} from '../../../src/crypto/merkle.js';

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

test('the tree over leaf hashes (merkleTreeOver) has a root every leaf verifies against, and no other', () => {
  for (let n = 1; n <= 33; n++) {
    const items = Array.from({ length: n }, (_, i) => Uint8Array.of(i, n));
    const leaves = items.map(merkleLeaf);
    const tree = merkleTreeOver(leaves);
    const root = tree[tree.length - 1][0];
    // merkleVerify climbs from the data on its own, without the tree's levels.
    items.forEach((item, i) => assert.ok(merkleVerify(root, item, merkleProofAt(tree, i)), `${n} leaves, leaf ${i}`));
    const flipped = leaves.map((l, i) => (i === n - 1 ? Uint8Array.from(l, (b, j) => (j === 0 ? b ^ 1 : b)) : l));
    assert.notDeepEqual(merkleTreeOver(flipped).at(-1)![0], root, `${n} leaves, last leaf flipped`);
  }
  assert.throws(() => merkleTreeOver([]), RangeError);
});
