import { DecodeError } from '../../../src/codec/errors.js';
import { DEFAULT_LIMITS } from '../../../src/node/p2p/limits.js';
import {
  decodePooledTxsRequest,
  encodePooledTxsRequest,
  POOLED_TXS_REQUEST_MAX_BYTES,
  type PooledTxsRequest,
} from '../../../src/node/p2p/pooled-txs.js';
import type { Target } from '../harness.js';

const MAX = DEFAULT_LIMITS.pooledTxsPerRequest;

export const pooledTxsTarget: Target<PooledTxsRequest> = {
  name: 'pooled-txs',
  about: 'decodePooledTxsRequest (src/node/p2p/pooled-txs.ts), with the default per-request limit',
  seeds: () => [1, 127, 128, MAX].map((max) => encodePooledTxsRequest({ max })),
  decode: (bytes) => decodePooledTxsRequest(bytes, MAX),
  isRejection: (err) => err instanceof DecodeError,
  encode: encodePooledTxsRequest,
  check: (req) => (req.max >= 1 && req.max <= MAX ? undefined : `max ${req.max} is outside 1..${MAX}`),
  maxInputBytes: POOLED_TXS_REQUEST_MAX_BYTES,
};
