import assert from 'node:assert/strict';
import { test } from 'node:test';
import { merkleRoot } from '../../../../src/crypto/merkle.js';
import { cut, SEGMENT_BYTES, segmentRoot } from '../../../../src/crypto/segment-tree.js';
import { MODEL_CHUNK_BYTES, modelRoot } from '../../../../src/ml/model/root.js';

test("the model root is the file's object root: the Merkle root over 1 KiB segments", () => {
  const file = new Uint8Array(2 * MODEL_CHUNK_BYTES + 5).map((_, i) => i * 7);
  assert.equal(MODEL_CHUNK_BYTES, 64 * SEGMENT_BYTES);
  assert.deepEqual(modelRoot(file), segmentRoot(file));
  assert.deepEqual(modelRoot(file), merkleRoot(cut(file, SEGMENT_BYTES)));
  // Not the old rule (the Merkle root over 64 KiB chunks).
  assert.notDeepEqual(modelRoot(file), merkleRoot(cut(file, MODEL_CHUNK_BYTES)));
});

test('changing any byte changes the root', () => {
  const file = new Uint8Array(MODEL_CHUNK_BYTES + 10);
  const root = modelRoot(file);
  for (const at of [0, SEGMENT_BYTES, MODEL_CHUNK_BYTES - 1, MODEL_CHUNK_BYTES + 9]) {
    const changed = file.slice();
    changed[at] = 1;
    assert.notDeepEqual(modelRoot(changed), root);
  }
});
