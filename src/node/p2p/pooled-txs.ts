// The pooled-transactions request: up to `max` of the responder's pending transactions, one frame each. A node asks
// every peer that passes the handshake, so that transactions gossiped before it joined the mesh still reach it.
import { DecodeError } from '../../codec/errors.js';
import { Reader } from '../../codec/reader.js';
import { Writer } from '../../codec/writer.js';

export interface PooledTxsRequest {
  readonly max: number;
}

export const POOLED_TXS_REQUEST_MAX_BYTES = 5;

export function encodePooledTxsRequest(req: PooledTxsRequest): Uint8Array {
  return new Writer().varint('max', req.max, 32).finish();
}

/** Strict decoding; a max of 0 or over `limit` is malformed. */
export function decodePooledTxsRequest(bytes: Uint8Array, limit: number): PooledTxsRequest {
  const r = new Reader(bytes);
  const req = { max: r.uint('max', limit) };
  r.end('pooled-transactions request');
  if (req.max === 0) throw new DecodeError('max', 'must be at least 1');
  return req;
}
