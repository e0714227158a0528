import { DecodeError } from '../../../src/codec/errors.js';
import {
  CHUNK_REQUEST_MAX_BYTES,
  decodeChunkRequest,
  encodeChunkRequest,
  type ChunkRequest,
} from '../../../src/node/p2p/chunk.js';
import type { Target } from '../harness.js';

export const chunkRequestTarget: Target<ChunkRequest> = {
  name: 'chunk-request',
  about: 'decodeChunkRequest (src/node/p2p/chunk.ts): a model-chunk request',
  seeds: () =>
    [
      { root: new Uint8Array(32).fill(3), index: 0 },
      { root: new Uint8Array(32).fill(0xab), index: 200 },
      { root: new Uint8Array(32).fill(0xff), index: 0xffff_ffff },
    ].map(encodeChunkRequest),
  decode: decodeChunkRequest,
  isRejection: (err) => err instanceof DecodeError,
  encode: encodeChunkRequest,
  maxInputBytes: CHUNK_REQUEST_MAX_BYTES,
};
