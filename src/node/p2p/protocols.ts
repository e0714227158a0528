// Request/response protocol ids and the frame limits each side enforces. The chain is not part of the id: the
// status handshake disconnects peers of other chains before they make requests.
import { MAX_TRANSACTION_BYTES } from '../../chain/transaction.js';
import { BLOCKS_BY_RANGE_REQUEST_MAX_BYTES } from './blocks-by-range.js';
import { CHUNK_REQUEST_MAX_BYTES } from './chunk.js';
import type { NetworkLimits } from './limits.js';
import { POOLED_TXS_REQUEST_MAX_BYTES } from './pooled-txs.js';
import { STATUS_MAX_BYTES } from './status.js';

// Version 2: every response frame starts with a result byte (req-resp.ts), so a refusal is a typed answer.
export const PROTOCOL_IDS = {
  status: '/coinai/req/status/2',
  blocksByRange: '/coinai/req/blocks-by-range/2',
  headersByRange: '/coinai/req/headers-by-range/2',
  chunk: '/coinai/req/chunk/2',
  pooledTxs: '/coinai/req/pooled-txs/2',
} as const;

/** A header's encoding is at most 267 bytes (PROTOCOL.md 2.4); the frame limit leaves room. */
export const HEADER_FRAME_MAX_BYTES = 512;

export type ProtocolName = keyof typeof PROTOCOL_IDS;

export interface ProtocolSpec {
  readonly name: ProtocolName;
  readonly id: string;
  readonly maxRequestBytes: number;
  /** Largest single response frame (its payload, after the result byte). */
  readonly maxResponseBytes: number;
  /** Largest sum of a response's frames; undefined: bounded by frame limit × frame count alone. */
  readonly maxResponseTotalBytes?: number;
}

export function protocolSpecs(limits: NetworkLimits): Record<ProtocolName, ProtocolSpec> {
  return {
    status: {
      name: 'status',
      id: PROTOCOL_IDS.status,
      maxRequestBytes: STATUS_MAX_BYTES,
      maxResponseBytes: STATUS_MAX_BYTES,
    },
    blocksByRange: {
      name: 'blocksByRange',
      id: PROTOCOL_IDS.blocksByRange,
      maxRequestBytes: BLOCKS_BY_RANGE_REQUEST_MAX_BYTES,
      maxResponseBytes: limits.blockBytes,
      maxResponseTotalBytes: limits.blocksResponseBytes,
    },
    headersByRange: {
      name: 'headersByRange',
      id: PROTOCOL_IDS.headersByRange,
      maxRequestBytes: BLOCKS_BY_RANGE_REQUEST_MAX_BYTES,
      maxResponseBytes: HEADER_FRAME_MAX_BYTES,
    },
    chunk: {
      name: 'chunk',
      id: PROTOCOL_IDS.chunk,
      maxRequestBytes: CHUNK_REQUEST_MAX_BYTES,
      maxResponseBytes: limits.chunkBytes,
    },
    pooledTxs: {
      name: 'pooledTxs',
      id: PROTOCOL_IDS.pooledTxs,
      maxRequestBytes: POOLED_TXS_REQUEST_MAX_BYTES,
      maxResponseBytes: limits.gossipBytes.transactions,
      // Without it, 4096 frames of 64 KiB (256 MiB) would be a valid answer to hold.
      maxResponseTotalBytes: limits.pooledTxsPerRequest * MAX_TRANSACTION_BYTES,
    },
  };
}
