import { DecodeError } from '../../../src/codec/errors.js';
import {
  BLOCKS_BY_RANGE_REQUEST_MAX_BYTES,
  decodeBlocksByRangeRequest,
  encodeBlocksByRangeRequest,
  type BlocksByRangeRequest,
} from '../../../src/node/p2p/blocks-by-range.js';
import { DEFAULT_LIMITS } from '../../../src/node/p2p/limits.js';
import type { Target } from '../harness.js';

const MAX = DEFAULT_LIMITS.blocksPerRequest;

export const blocksByRangeTarget: Target<BlocksByRangeRequest> = {
  name: 'blocks-by-range',
  about: 'decodeBlocksByRangeRequest (src/node/p2p/blocks-by-range.ts), with the default per-request limit',
  seeds: () =>
    [
      { from: 0, count: 1 },
      { from: 1000, count: MAX },
      { from: Number.MAX_SAFE_INTEGER, count: 17 },
    ].map(encodeBlocksByRangeRequest),
  decode: (bytes) => decodeBlocksByRangeRequest(bytes, MAX),
  isRejection: (err) => err instanceof DecodeError,
  encode: encodeBlocksByRangeRequest,
  check: (req) => (req.count >= 1 && req.count <= MAX ? undefined : `count ${req.count} is outside 1..${MAX}`),
  maxInputBytes: BLOCKS_BY_RANGE_REQUEST_MAX_BYTES,
};
