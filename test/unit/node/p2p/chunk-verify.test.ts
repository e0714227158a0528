// A chunk is checked by its chunk node and its path in the object's upper levels: what a peer answering a chunk
// request may send instead of the chunk asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { merkleProof } from '../../../../src/crypto/merkle.js';
import { CHUNK_BYTES, cut, segmentRoot } from '../../../../src/crypto/segment-tree.js';
import { verifyChunk } from '../../../../src/node/p2p/chunk.js';
import { servedChunks } from '../../../helpers/chunks.js';

const SIZE = 4 * CHUNK_BYTES + 300;
const f = Uint8Array.from({ length: SIZE }, (_, i) => (i * 29 + (i >> 8) + (i >> 16) * 13) & 0xff);
const root = segmentRoot(f);
const chunks = servedChunks(f);

test("every chunk of an object verifies with its holder's proof", () => {
  assert.equal(chunks.length, 5);
  chunks.forEach((chunk, i) => assert.ok(verifyChunk(root, SIZE, i, chunk), `chunk ${i}`));
});

test('a chunk for another index, another object, a flipped byte or an old-rule proof does not verify', () => {
  assert.equal(verifyChunk(root, SIZE, 1, chunks[2]), false, 'another index with its own proof');
  assert.equal(verifyChunk(root, SIZE, 2, { ...chunks[2], proof: chunks[3].proof }), false, "another's path");
  const flipped = Uint8Array.from(chunks[2].data);
  flipped[CHUNK_BYTES - 1] ^= 1;
  assert.equal(verifyChunk(root, SIZE, 2, { ...chunks[2], data: flipped }), false);
  const other = servedChunks(f.map((b) => b ^ 0xff));
  assert.equal(verifyChunk(root, SIZE, 0, other[0]), false, "another object's chunk");
  // The old rule's proof: the chunk hashed as a leaf of a tree over 64 KiB chunks.
  const old = merkleProof(cut(f, CHUNK_BYTES), 2);
  assert.equal(verifyChunk(root, SIZE, 2, { data: chunks[2].data, proof: old.siblings }), false);
  assert.equal(verifyChunk(root, SIZE, 2, { ...chunks[2], proof: [...chunks[2].proof, root] }), false, 'a hash more');
});

test('a chunk of the wrong length, even empty, is refused before it is hashed; so is an index past the end', () => {
  const last = chunks[4];
  assert.equal(verifyChunk(root, SIZE, 4, { ...last, data: last.data.subarray(0, 299) }), false);
  assert.equal(verifyChunk(root, SIZE, 0, { ...chunks[0], data: new Uint8Array(0) }), false, 'no RangeError');
  assert.equal(verifyChunk(root, SIZE, 5, last), false);
  assert.equal(verifyChunk(root, 0, 0, chunks[0]), false);
  assert.equal(verifyChunk(root, SIZE + 1, 4, last), false, 'the size comes from the chain, not the peer');
});
