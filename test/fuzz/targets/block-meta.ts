import { DecodeError } from '../../../src/codec/errors.js';
import { decodeBlockMeta, encodeBlockMeta, type BlockMeta } from '../../../src/node/db/block-meta.js';
import type { Target } from '../harness.js';

export const blockMetaTarget: Target<BlockMeta> = {
  name: 'block-meta',
  about: 'decodeBlockMeta (src/node/db/block-meta.ts): fork-choice records in the chain store',
  seeds: () =>
    [
      { totalWeight: 0n, invalid: false, arrival: 0, forkHeight: 0 },
      {
        totalWeight: 123_456_789n,
        invalid: true,
        arrival: 17,
        forkHeight: 9,
        paramsDigest: new Uint8Array(32).fill(7),
      },
      {
        totalWeight: (1n << 128n) - 1n,
        invalid: false,
        arrival: Number.MAX_SAFE_INTEGER,
        forkHeight: Number.MAX_SAFE_INTEGER,
      },
    ].map(encodeBlockMeta),
  decode: decodeBlockMeta,
  isRejection: (err) => err instanceof DecodeError,
  encode: encodeBlockMeta,
  maxInputBytes: 256,
};
