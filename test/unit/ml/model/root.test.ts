import assert from 'node:assert/strict';
import { test } from 'node:test';
import { merkleRoot } from '../../../../src/crypto/merkle.js';
import { MODEL_CHUNK_BYTES, modelChunks, modelRoot } from '../../../../src/ml/model/root.js';

test('the model root is the Merkle root of 64 KiB chunks, the last one shorter', () => {
  const file = new Uint8Array(2 * MODEL_CHUNK_BYTES + 5).map((_, i) => i * 7);
  const chunks = modelChunks(file);
  assert.deepEqual(
    chunks.map((c) => c.length),
    [MODEL_CHUNK_BYTES, MODEL_CHUNK_BYTES, 5],
  );
  assert.deepEqual(Buffer.concat(chunks), Buffer.from(file));
  assert.deepEqual(modelRoot(file), merkleRoot(chunks));
  assert.equal(modelChunks(file.subarray(0, MODEL_CHUNK_BYTES)).length, 1);
});

test('changing any chunk changes the root', () => {
  const file = new Uint8Array(MODEL_CHUNK_BYTES + 10);
  const root = modelRoot(file);
  for (const at of [0, MODEL_CHUNK_BYTES - 1, MODEL_CHUNK_BYTES + 9]) {
    const changed = file.slice();
    changed[at] = 1;
    assert.notDeepEqual(modelRoot(changed), root);
  }
});
