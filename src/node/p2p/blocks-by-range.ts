// The blocks-by-range request: `count` consecutive blocks from height `from`. The response is a stream of at most
// `count` block frames, in height order, ending early where the responder's chain ends or before the response would
// pass its byte limit. A headers-by-range request has the same encoding (its count bounded by headersPerRequest).
import { DecodeError } from '../../codec/errors.js';
import { Reader } from '../../codec/reader.js';
import { Writer } from '../../codec/writer.js';

export interface BlocksByRangeRequest {
  readonly from: number;
  readonly count: number;
}

export const BLOCKS_BY_RANGE_REQUEST_MAX_BYTES = 8 + 5;

export function encodeBlocksByRangeRequest(req: BlocksByRangeRequest): Uint8Array {
  return new Writer().varint('from', req.from, 53).varint('count', req.count, 32).finish();
}

/** Strict decoding; a count of 0 or over `maxCount` is malformed. */
export function decodeBlocksByRangeRequest(bytes: Uint8Array, maxCount: number): BlocksByRangeRequest {
  const r = new Reader(bytes);
  const req = { from: r.uint('from', Number.MAX_SAFE_INTEGER), count: r.uint('count', maxCount) };
  r.end('blocks-by-range request');
  if (req.count === 0) throw new DecodeError('count', 'must be at least 1');
  return req;
}
