// Size, count, rate and time limits of the wire protocols and connections. Every frame's length prefix and every
// gossip message's size is checked against these before the bytes are decoded, so a peer cannot make a node buffer
// or parse more than this. docs/NETWORK.md gives the reasoning behind each default.
import type { GossipsubOpts } from '@chainsafe/libp2p-gossipsub';
import type { ProtocolName } from './protocols.js';
import type { RateLimit } from './rate-limit.js';
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
  /** Most bytes of block frames in one blocks-by-range response: the responder stops before it would exceed it. */
  readonly blocksResponseBytes: number;
  /** Most headers one headers-by-range request may ask for. */
  readonly headersPerRequest: number;
  /** Most transactions one pooled-transactions request may ask for. */
  readonly pooledTxsPerRequest: number;
  /** Largest chunk-by-root response frame (chunk bytes plus its Merkle proof). */
  readonly chunkBytes: number;
  /** Deadline for a whole request (dial, request, every response frame), on both sides. */
  readonly requestTimeoutMs: number;
  /** Most entries of each kind one gossipsub RPC may carry; an RPC with more is dropped whole, undecoded. */
  readonly gossipRpc: NonNullable<GossipsubOpts['decodeRpcLimits']>;
  /** Gossip messages each peer may send per topic; one over the rate is ignored unread and penalised. */
  readonly gossipRate: Readonly<Record<GossipKind, RateLimit>>;
  /** Messages from one peer on one topic waiting for their verdict (judged one at a time); more are ignored. */
  readonly gossipPending: number;
  /** Connections held at most, inbound and outbound together. */
  readonly maxConnections: number;
  /** Inbound connections in their handshake at once, from all addresses together. */
  readonly maxPendingInbound: number;
  /** Inbound connections one address (an IPv6 address by its /64) may hold at once. */
  readonly maxInboundPerAddress: number;
  /** New inbound connections one address may open per second (libp2p's inboundConnectionThreshold). */
  readonly inboundPerAddressPerSecond: number;
  /** Loopback addresses are never address-banned nor held to the per-address limit (a devnet shares 127.0.0.1). */
  readonly exemptLoopback: boolean;
  /** Requests each peer may make per protocol (a token bucket per peer and protocol, on the serving side). */
  readonly requestRates: Readonly<Record<ProtocolName, RateLimit>>;
  /** Requests of one peer being answered at once, all protocols together; more are refused 'busy'. */
  readonly inboundPerPeer: number;
}

export const DEFAULT_LIMITS: NetworkLimits = {
  gossipBytes: { transactions: 64 * KiB, blocks: 4 * MiB, candidates: 64 * KiB },
  blockBytes: 4 * MiB,
  blocksPerRequest: 64,
  blocksResponseBytes: 8 * MiB,
  headersPerRequest: 512,
  pooledTxsPerRequest: 4096,
  chunkBytes: 1 * MiB + 4 * KiB,
  requestTimeoutMs: 10_000,
  gossipRpc: {
    maxMessages: 16,
    maxSubscriptions: 16,
    maxIhaveMessageIDs: 8,
    maxIwantMessageIDs: 8,
    maxIdontwantMessageIDs: 512,
    maxControlMessages: 16,
    maxPeerInfos: 16,
  },
  gossipRate: {
    transactions: { perSecond: 50, burst: 500 },
    blocks: { perSecond: 0.5, burst: 8 },
    candidates: { perSecond: 1, burst: 8 },
  },
  gossipPending: 64,
  maxConnections: 100,
  maxPendingInbound: 10,
  maxInboundPerAddress: 4,
  inboundPerAddressPerSecond: 5,
  exemptLoopback: true,
  // Sized for honest use: a handshake per connection and one per gossiped orphan; sync's requests one after another;
  // a model of up to 64 chunks fetched after each block announcement.
  requestRates: {
    status: { perSecond: 2, burst: 10 },
    blocksByRange: { perSecond: 10, burst: 20 },
    headersByRange: { perSecond: 10, burst: 20 },
    chunk: { perSecond: 200, burst: 400 },
    pooledTxs: { perSecond: 1, burst: 5 },
  },
  inboundPerPeer: 8,
};
