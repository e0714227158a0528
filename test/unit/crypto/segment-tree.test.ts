import { test } from 'node:test';
import assert from 'node:assert/strict';
import { merkleProof, merkleRoot } from '../../../src/crypto/merkle.js';
import {
  CHUNK_BYTES,
  cut,
  SEGMENT_BYTES,
  segmentCount,
  segmentProof,
  segmentRoot,
  upperLevels,
  verifySegmentProof,
} from '../../../src/crypto/segment-tree.js';

const file = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 131 + (i >> 10)) & 0xff);
const proofOf = (f: Uint8Array, index: number) => {
  const chunk = cut(f, CHUNK_BYTES)[Math.floor((index * SEGMENT_BYTES) / CHUNK_BYTES)];
  return segmentProof(chunk, upperLevels(f), index);
};

// Sizes around the segment and chunk boundaries, and a file of 3 chunks and a bit (partial last chunk).
const SIZES = [1, 1023, 1024, 1025, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES + 5000];

test('the root is the Merkle root over 1 KiB segments, and the upper levels end in it', () => {
  for (const size of SIZES) {
    const f = file(size);
    assert.deepEqual(segmentRoot(f), merkleRoot(cut(f, SEGMENT_BYTES)), `size ${size}`);
    const upper = upperLevels(f);
    assert.deepEqual(upper[upper.length - 1][0], segmentRoot(f), `size ${size}`);
  }
});

test('a proof for every segment verifies, equals the whole-tree proof, and stays under 2 KiB', () => {
  for (const size of SIZES) {
    const f = file(size);
    const root = segmentRoot(f);
    const segments = cut(f, SEGMENT_BYTES);
    assert.equal(segments.length, segmentCount(size));
    segments.forEach((segment, i) => {
      const proof = proofOf(f, i);
      assert.deepEqual(proof.segment, segment);
      assert.deepEqual(proof.siblings, merkleProof(segments, i).siblings, `size ${size}, segment ${i}`);
      assert.ok(verifySegmentProof(root, size, proof), `size ${size}, segment ${i}`);
      assert.ok(proof.segment.length + 32 * proof.siblings.length < 2048);
    });
  }
});

test('a proof of a flipped byte, of another index, or of a cut segment does not verify', () => {
  const size = 3 * CHUNK_BYTES + 5000;
  const f = file(size);
  const root = segmentRoot(f);
  for (const i of [0, 63, 64, 130, segmentCount(size) - 1]) {
    const proof = proofOf(f, i);
    for (const at of [0, proof.segment.length - 1]) {
      const flipped = Uint8Array.from(proof.segment);
      flipped[at] ^= 1;
      assert.equal(verifySegmentProof(root, size, { ...proof, segment: flipped }), false, `segment ${i} byte ${at}`);
    }
    assert.equal(verifySegmentProof(root, size, { ...proof, index: i ^ 1 }), false);
    assert.equal(verifySegmentProof(root, size, { ...proof, segment: proof.segment.subarray(1) }), false);
    assert.equal(verifySegmentProof(root, size, { ...proof, siblings: proof.siblings.slice(1) }), false);
  }
  // The last byte of the file flipped on disk: the holder's proof of that segment no longer verifies.
  const tampered = Uint8Array.from(f);
  tampered[size - 1] ^= 0x80;
  assert.equal(verifySegmentProof(root, size, proofOf(tampered, segmentCount(size) - 1)), false);
});
