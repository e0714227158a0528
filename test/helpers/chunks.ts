// A file's chunks as an honest holder serves them (the data and its path in the upper levels), for test peers that
// answer chunk requests from their own handler rather than from a store.
import { merkleProofAt } from '../../src/crypto/merkle.js';
import { CHUNK_BYTES, cut, upperLevels } from '../../src/crypto/segment-tree.js';
import type { ModelChunk } from '../../src/node/p2p/chunk.js';

export function servedChunks(file: Uint8Array): ModelChunk[] {
  const upper = upperLevels(file);
  return cut(file, CHUNK_BYTES).map((data, index) => ({ data, proof: merkleProofAt(upper, index).siblings }));
}
