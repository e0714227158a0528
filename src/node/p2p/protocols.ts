// Request/response protocol ids and the frame limits each side enforces. The chain is not part of the id: the
// status handshake disconnects peers of other chains before they make requests.
import { BLOCKS_BY_RANGE_REQUEST_MAX_BYTES } from './blocks-by-range.js';
import { CHUNK_REQUEST_MAX_BYTES } from './chunk.js';
import type { NetworkLimits } from './limits.js';
import { POOLED_TXS_REQUEST_MAX_BYTES } from './pooled-txs.js';
import { STATUS_MAX_BYTES } from './status.js';

export const PROTOCOL_IDS = {
  status: '/coinai/req/status/1',
  blocksByRange: '/coinai/req/blocks-by-range/1',
  chunk: '/coinai/req/chunk/1',
  pooledTxs: '/coinai/req/pooled-txs/1',
} as const;

export type ProtocolName = keyof typeof PROTOCOL_IDS;

export interface ProtocolSpec {
  readonly id: string;
  readonly maxRequestBytes: number;
  /** Largest single response frame. */
  readonly maxResponseBytes: number;
}

export function protocolSpecs(limits: NetworkLimits): Record<ProtocolName, ProtocolSpec> {
  return {
    status: { id: PROTOCOL_IDS.status, maxRequestBytes: STATUS_MAX_BYTES, maxResponseBytes: STATUS_MAX_BYTES },
    blocksByRange: {
      id: PROTOCOL_IDS.blocksByRange,
      maxRequestBytes: BLOCKS_BY_RANGE_REQUEST_MAX_BYTES,
      maxResponseBytes: limits.blockBytes,
    },
    chunk: { id: PROTOCOL_IDS.chunk, maxRequestBytes: CHUNK_REQUEST_MAX_BYTES, maxResponseBytes: limits.chunkBytes },
    pooledTxs: {
      id: PROTOCOL_IDS.pooledTxs,
      maxRequestBytes: POOLED_TXS_REQUEST_MAX_BYTES,
      maxResponseBytes: limits.gossipBytes.transactions,
    },
  };
}
