// Size, count and time limits of the wire protocols. Every frame's length prefix and every gossip message's size
// is checked against these before the bytes are decoded, so a peer cannot make a node buffer or parse more than this.
import type { GossipKind } from './topics.js';

const KiB = 1024;
const MiB = 1024 * KiB;

export interface NetworkLimits {
  /** Largest gossip message per topic; a larger one is rejected unread and its forwarder penalised. */
  readonly gossipBytes: Readonly<Record<GossipKind, number>>;
  /** Largest block frame in a blocks-by-range response. */
  readonly blockBytes: number;
  /** Most blocks one blocks-by-range request may ask for. */
  readonly blocksPerRequest: number;
  /** Most transactions one pooled-transactions request may ask for. */
  readonly pooledTxsPerRequest: number;
  /** Largest chunk-by-root response frame (chunk bytes plus its Merkle proof). */
  readonly chunkBytes: number;
  /** Deadline for a whole request (dial, request, every response frame), on both sides. */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_LIMITS: NetworkLimits = {
  gossipBytes: { transactions: 64 * KiB, blocks: 4 * MiB, candidates: 64 * KiB },
  blockBytes: 4 * MiB,
  blocksPerRequest: 64,
  pooledTxsPerRequest: 4096,
  chunkBytes: 1 * MiB + 4 * KiB,
  requestTimeoutMs: 10_000,
};
