import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError } from '../../../../src/codec/errors.js';
import {
  BLOCKS_BY_RANGE_REQUEST_MAX_BYTES,
  decodeBlocksByRangeRequest,
  encodeBlocksByRangeRequest,
} from '../../../../src/node/p2p/blocks-by-range.js';
import {
  CHUNK_REQUEST_MAX_BYTES,
  decodeChunkRequest,
  decodeModelChunk,
  encodeChunkRequest,
  encodeModelChunk,
} from '../../../../src/node/p2p/chunk.js';
import {
  decodeStatus,
  encodeStatus,
  STATUS_MAX_BYTES,
  statusMismatch,
  type Status,
} from '../../../../src/node/p2p/status.js';

const hash = (b: number) => new Uint8Array(32).fill(b);
const status: Status = { chainId: 7031, genesisHash: hash(1), head: { height: 42, hash: hash(2), totalWeight: 5n } };

describe('wire messages', () => {
  test('status round-trips, the largest fits its frame limit, and trailing bytes are refused', () => {
    assert.deepEqual(decodeStatus(encodeStatus(status)), status);
    const head = { height: Number.MAX_SAFE_INTEGER, hash: hash(2), totalWeight: 2n ** 128n - 1n };
    const largest = { chainId: 2 ** 32 - 1, genesisHash: hash(1), head };
    assert.ok(encodeStatus(largest).length <= STATUS_MAX_BYTES);
    assert.throws(() => decodeStatus(Uint8Array.of(...encodeStatus(status), 0)), DecodeError);
  });

  test('a status mismatch names the chain id or the genesis; the head does not matter', () => {
    assert.equal(statusMismatch(status, { ...status, head: { height: 0, hash: hash(9), totalWeight: 0n } }), undefined);
    assert.match(statusMismatch(status, { ...status, chainId: 1 }) ?? '', /chain id 1/);
    assert.match(statusMismatch(status, { ...status, genesisHash: hash(3) }) ?? '', /genesis/);
  });

  test('blocks-by-range requests: round trip, and a count of 0 or over the limit is malformed', () => {
    const req = { from: Number.MAX_SAFE_INTEGER, count: 64 };
    const bytes = encodeBlocksByRangeRequest(req);
    assert.ok(bytes.length <= BLOCKS_BY_RANGE_REQUEST_MAX_BYTES);
    assert.deepEqual(decodeBlocksByRangeRequest(bytes, 64), req);
    assert.throws(() => decodeBlocksByRangeRequest(bytes, 63), DecodeError);
    assert.throws(() => decodeBlocksByRangeRequest(encodeBlocksByRangeRequest({ from: 1, count: 0 }), 64), DecodeError);
  });

  test('chunk requests and chunks round-trip; a missing index or a truncated proof is malformed', () => {
    const req = { root: hash(4), index: 2 ** 32 - 1 };
    assert.ok(encodeChunkRequest(req).length <= CHUNK_REQUEST_MAX_BYTES);
    assert.deepEqual(decodeChunkRequest(encodeChunkRequest(req)), req);
    assert.throws(() => decodeChunkRequest(encodeChunkRequest(req).subarray(0, 32)), DecodeError);
    const chunk = { data: Uint8Array.of(1, 2, 3), proof: [hash(5), hash(6)] };
    const bytes = encodeModelChunk(chunk);
    assert.deepEqual(decodeModelChunk(bytes), chunk);
    assert.throws(() => decodeModelChunk(bytes.subarray(0, bytes.length - 1)), DecodeError);
  });
});
