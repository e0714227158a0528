import { DecodeError } from '../../../src/codec/errors.js';
import { merkleProof } from '../../../src/crypto/merkle.js';
import { decodeModelChunk, encodeModelChunk, type ModelChunk } from '../../../src/node/p2p/chunk.js';
import type { Target } from '../harness.js';

function chunks(n: number, size: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => new Uint8Array(size).fill(i + 1));
}

export const modelChunkTarget: Target<ModelChunk> = {
  name: 'model-chunk',
  about: 'decodeModelChunk (src/node/p2p/chunk.ts): a chunk-by-root response frame, the data and its Merkle proof',
  seeds: () => {
    const out: ModelChunk[] = [{ data: new Uint8Array(), proof: [] }];
    for (const [n, size, index] of [
      [1, 100, 0],
      [5, 64, 3],
      [9, 200, 8],
    ] as const) {
      const items = chunks(n, size);
      out.push({ data: items[index], proof: merkleProof(items, index).siblings });
    }
    return out.map(encodeModelChunk);
  },
  decode: decodeModelChunk,
  isRejection: (err) => err instanceof DecodeError,
  encode: encodeModelChunk,
  maxInputBytes: 4096,
};
