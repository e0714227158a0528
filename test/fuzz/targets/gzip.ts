// A gzipped data file as every node unpacks a proposed data set's (src/ml/data/gunzip.ts, the protocol's own
// inflate). Differential: whatever it accepts, zlib must unpack to the same bytes.
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { bytesEqual } from '../../../src/codec/hex.js';
import { DatasetError } from '../../../src/ml/data/dataset.js';
import { gunzip } from '../../../src/ml/data/gunzip.js';
import type { Target } from '../harness.js';

/** Bounded far below the harness's allocation allowance. */
const MAX_OUTPUT = 1 << 20;
const text = (n: number) => new TextEncoder().encode('0,0.25,0.5\n1,0.75,0\n'.repeat(n));

export const gzipTarget: Target<Uint8Array> = {
  name: 'gzip',
  about: 'gunzip (src/ml/data/gunzip.ts): gzipped data-set files, against zlib',
  seeds: () => [
    gzipSync(new Uint8Array(0)),
    gzipSync(text(3), { level: 0 }),
    gzipSync(text(40), { strategy: constants.Z_FIXED }),
    gzipSync(text(200), { level: 9 }),
    gzipSync(
      Uint8Array.from({ length: 3000 }, (_, i) => (i * i) % 7),
      { strategy: constants.Z_HUFFMAN_ONLY },
    ),
    gzipSync(new Uint8Array(5000).fill(3), { strategy: constants.Z_RLE }),
  ],
  decode: (input) => gunzip(input, 'data.gz', MAX_OUTPUT),
  isRejection: (err) => err instanceof DatasetError,
  check: (value, input) => {
    let reference: Uint8Array;
    try {
      reference = gunzipSync(input);
    } catch (err) {
      return `zlib refuses what gunzip accepts (${(err as Error).message})`;
    }
    return bytesEqual(reference, value) ? undefined : 'zlib unpacks other bytes';
  },
  maxInputBytes: 16 * 1024,
};
