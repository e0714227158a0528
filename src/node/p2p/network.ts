// The node's network: libp2p (TCP, noise, yamux, identify, gossipsub) with the chain's gossip topics, the status
// handshake, blocks-by-range, headers-by-range and chunk-by-root protocols, peer scoring, bans by peer id and
// address, and connection limits. It knows nothing of blocks or transactions: it moves bytes and asks the node's
// handlers what they are worth.
import type { GossipSub } from '@chainsafe/libp2p-gossipsub';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify, type Identify } from '@libp2p/identify';
import type { Connection, PeerId } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import { tcp, type TCPSocketOptions } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p, type Libp2p } from 'libp2p';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { isIPv6, type TcpSocketConnectOpts } from 'node:net';
import { pino, type Logger } from 'pino';
import { BanList } from './bans.js';
import {
  decodeBlocksByRangeRequest,
  encodeBlocksByRangeRequest,
  type BlocksByRangeRequest,
} from './blocks-by-range.js';
import { Bootstrap, DEFAULT_BACKOFF, type BackoffOptions } from './bootstrap.js';
import {
  decodeChunkRequest,
  decodeModelChunk,
  encodeChunkRequest,
  encodeModelChunk,
  type ChunkRequest,
  type ModelChunk,
} from './chunk.js';
import { P2pError } from './errors.js';
import type { Frames } from './framing.js';
import { addressKey, connectionGater } from './gater.js';
import { createGossipsub, Gossip, gossipTopics, type GossipHandler, type GossipTopics } from './gossip.js';
import { loadOrCreatePeerKey } from './identity.js';
import { clientKey } from './ip.js';
import { DEFAULT_LIMITS, type NetworkLimits } from './limits.js';
import { DEFAULT_SCORING, PENALTY, PeerScores, type ScoreOptions } from './peer-score.js';
import { decodePooledTxsRequest, encodePooledTxsRequest, type PooledTxsRequest } from './pooled-txs.js';
import { protocolSpecs, type ProtocolName, type ProtocolSpec } from './protocols.js';
import { RateLimiter } from './rate-limit.js';
import { ReqResp } from './req-resp.js';
import { decodeStatus, encodeStatus, statusMismatch, type Head, type Status } from './status.js';
import type { GossipKind } from './topics.js';

export interface NetworkHandlers {
  /** A verdict per message on each topic the node follows; topics without a handler are not subscribed. */
  readonly gossip: Partial<Record<GossipKind, GossipHandler>>;
  /** The canonical bytes of up to `count` blocks from height `from`, in order, ending early where the chain ends. */
  blocksByRange(request: BlocksByRangeRequest, peer: string): Frames;
  /** The header encodings of up to `count` main-chain blocks from height `from`; a node without answers none. */
  headersByRange?(request: BlocksByRangeRequest, peer: string): Frames;
  /** Chunk `index` of the file with Merkle root `root` and its proof, or undefined when it is not held. */
  chunk(request: ChunkRequest, peer: string): ModelChunk | undefined | Promise<ModelChunk | undefined>;
  /** The encodings of up to `max` pending transactions; a node without a pool answers none. */
  pooledTransactions?(request: PooledTxsRequest, peer: string): Frames;
}

export interface NetworkOptions {
  /** Where the peer key is kept (created on first start). */
  readonly dataDir: string;
  /** Listen address; default 127.0.0.1. */
  readonly host?: string;
  /**
   * Local address outbound connections are made from (default: the system's choice). Nodes sharing a machine on
   * 127.0.0.x addresses set it to their host, so that their peers tell them apart by address.
   */
  readonly dialFrom?: string;
  /** Listen port; 0 picks a free one. */
  readonly port: number;
  /** Multiaddrs (normally with /p2p/<id>) to dial at start and re-dial whenever they drop. */
  readonly bootstrap?: readonly string[];
  readonly chainId: number;
  readonly genesisHash: Uint8Array;
  /** Our head, read at each status exchange. */
  head(): Head;
  readonly handlers: NetworkHandlers;
  readonly limits?: Partial<NetworkLimits>;
  readonly scoring?: Partial<ScoreOptions>;
  readonly redial?: Partial<BackoffOptions>;
  readonly log?: Logger;
}

export interface PeerInfo {
  readonly id: string;
  /** The remote multiaddr of our first connection to it. */
  readonly address: string;
  readonly direction: 'inbound' | 'outbound';
  /** From its last status exchange; undefined until the handshake completes. */
  readonly status: Status | undefined;
  /** 0 for a clean record, negative by its decaying penalty points. */
  readonly score: number;
}

export interface NetworkEvents {
  'peer:connected': [peer: string];
  /** The peer is on our chain; `status.head` is its head as of this exchange. */
  'peer:status': [peer: string, status: Status];
  'peer:disconnected': [peer: string];
  'peer:banned': [peer: string, reason: string];
}

/** Socket options that dial from `address`: @libp2p/tcp hands them to net.connect as they are, though its type names
 * only some of them. */
function fromAddress(address: string): TCPSocketOptions {
  const options: TCPSocketOptions & Pick<TcpSocketConnectOpts, 'localAddress'> = { localAddress: address };
  return options;
}

type Services = { identify: Identify; pubsub: GossipSub };

export class Network {
  readonly events = new EventEmitter<NetworkEvents>();
  private readonly log: Logger;
  private readonly statuses = new Map<string, Status>();
  private readonly specs: Record<ProtocolName, ProtocolSpec>;
  private readonly reqResp: ReqResp;
  private readonly gossip: Gossip;
  private readonly bootstrap: Bootstrap;
  /**
   * Our chunk requests, per peer, kept under the chunk rate every node answers by default (with a margin for the
   * two clocks and the latency between them): a long fetch (a keeper's 1 GiB object is 16,384 chunks) waits rather
   * than collect `rate-limited` refusals, each of which costs us points at the responder.
   */
  private readonly chunkPace: RateLimiter;
  private stopped = false;

  /** Creates, starts and bootstraps a network. */
  static async create(options: NetworkOptions): Promise<Network> {
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    const scoring = { ...DEFAULT_SCORING, ...options.scoring };
    const scores = new PeerScores(scoring);
    const bans = { peers: new BanList(scoring.maxBans), addresses: new BanList(scoring.maxBans) };
    const host = options.host ?? '127.0.0.1';
    const topics = gossipTopics(options.chainId, options.genesisHash);
    // The gater counts the network's connections, which exist only once libp2p does.
    let inboundFrom: (key: string) => number = () => 0;
    const libp2p = await createLibp2p({
      start: false,
      privateKey: await loadOrCreatePeerKey(options.dataDir),
      addresses: { listen: [`/${isIPv6(host) ? 'ip6' : 'ip4'}/${host}/tcp/${options.port}`] },
      transports: [tcp(options.dialFrom === undefined ? {} : { dialOpts: fromAddress(options.dialFrom) })],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionGater: connectionGater({
        peerBans: bans.peers,
        addressBans: bans.addresses,
        inboundFrom: (key) => inboundFrom(key),
        maxInboundPerAddress: limits.maxInboundPerAddress,
        exemptLoopback: limits.exemptLoopback,
      }),
      connectionManager: {
        maxConnections: limits.maxConnections,
        maxIncomingPendingConnections: limits.maxPendingInbound,
        inboundConnectionThreshold: limits.inboundPerAddressPerSecond,
      },
      services: {
        identify: identify(),
        pubsub: createGossipsub({ topics, limits, appScore: (peer) => scores.score(peer) }),
      },
    });
    const network = new Network(libp2p, options, limits, scoring, scores, bans, topics);
    inboundFrom = (key) => network.inboundFrom(key);
    await network.start();
    return network;
  }

  private constructor(
    /** The underlying node, for what this class does not wrap (metrics, diagnostics). */
    readonly libp2p: Libp2p<Services>,
    private readonly options: NetworkOptions,
    private readonly limits: NetworkLimits,
    private readonly scoring: ScoreOptions,
    private readonly scores: PeerScores,
    private readonly bans: { readonly peers: BanList; readonly addresses: BanList },
    topics: GossipTopics,
  ) {
    const log = options.log ?? pino({ level: 'silent' });
    const penalise = this.penalise.bind(this);
    this.log = log;
    this.specs = protocolSpecs(limits);
    this.reqResp = new ReqResp(libp2p, penalise, limits, log);
    const banned = (peer: string) => bans.peers.isBanned(peer);
    const { pubsub } = libp2p.services;
    this.gossip = new Gossip(pubsub, topics, options.handlers.gossip, limits, penalise, banned, log);
    const bootstrap = (options.bootstrap ?? []).map((a) => multiaddr(a));
    const backoff = { ...DEFAULT_BACKOFF, ...options.redial };
    this.bootstrap = new Bootstrap(libp2p, bootstrap, backoff, limits.requestTimeoutMs, log);
    const { perSecond, burst } = limits.requestRates.chunk;
    this.chunkPace = new RateLimiter({ perSecond: 0.9 * perSecond, burst: Math.max(1, Math.floor(burst / 2)) });
  }

  private async start(): Promise<void> {
    // Handlers first, so that the first connection's status request is answered.
    await this.serveStatus();
    await this.serveBlocksByRange();
    await this.serveHeadersByRange();
    await this.serveChunks();
    await this.servePooledTransactions();
    this.libp2p.addEventListener('peer:connect', this.onConnect);
    this.libp2p.addEventListener('peer:disconnect', this.onDisconnect);
    this.libp2p.addEventListener('connection:open', this.onConnectionOpen);
    await this.libp2p.start();
    this.gossip.start();
    this.bootstrap.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.bootstrap.stop();
    this.gossip.stop();
    await this.libp2p.stop();
    this.libp2p.removeEventListener('peer:connect', this.onConnect);
    this.libp2p.removeEventListener('peer:disconnect', this.onDisconnect);
    this.libp2p.removeEventListener('connection:open', this.onConnectionOpen);
  }

  get peerId(): string {
    return this.libp2p.peerId.toString();
  }

  /** Our listen addresses with /p2p/<id>, ready for another node's bootstrap list. */
  get addresses(): string[] {
    return this.libp2p.getMultiaddrs().map((a) => a.toString());
  }

  /** The gossip topic name of `kind` on this chain. */
  topic(kind: GossipKind): string {
    return this.gossip.topic(kind);
  }

  /** Peers we forward `kind` messages to. */
  meshPeers(kind: GossipKind): string[] {
    return this.gossip.meshPeers(kind);
  }

  peers(): PeerInfo[] {
    const peers = new Map<string, PeerInfo>();
    for (const conn of this.libp2p.getConnections()) {
      const id = conn.remotePeer.toString();
      if (peers.has(id)) continue;
      const status = this.statuses.get(id);
      const address = conn.remoteAddr.toString();
      peers.set(id, { id, address, direction: conn.direction, status, score: this.scores.score(id) });
    }
    return [...peers.values()];
  }

  isBanned(peer: string): boolean {
    return this.bans.peers.isBanned(peer);
  }

  /** Whether connections from `ip` are refused (an IPv6 address by its /64). */
  isAddressBanned(ip: string): boolean {
    return this.bans.addresses.isBanned(clientKey(ip));
  }

  /** Gossipsub's own score of a connected peer (below the graylist threshold, its RPCs are dropped unread). */
  gossipScore(peer: string): number {
    return this.gossip.score(peer);
  }

  /** Dials a multiaddr; resolves to the peer's id. */
  async connect(address: string): Promise<string> {
    try {
      const signal = AbortSignal.timeout(this.limits.requestTimeoutMs);
      return (await this.libp2p.dial(multiaddr(address), { signal })).remotePeer.toString();
    } catch (err) {
      throw new P2pError('failed', `dial ${address}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async disconnect(peer: string): Promise<void> {
    await this.libp2p.hangUp(peerIdFromString(peer));
  }

  /** Publishes on a topic; resolves to the number of peers it was sent to. */
  publish(kind: GossipKind, data: Uint8Array): Promise<number> {
    return this.gossip.publish(kind, data);
  }

  /** Adds penalty points; a peer that reaches the ban threshold is disconnected and banned. */
  penalise(peer: string, reason: string, points: number): void {
    this.log.info({ peer, reason, points }, 'peer penalised');
    if (!this.scores.penalise(peer, points)) return;
    this.scores.forget(peer);
    this.bans.peers.ban(peer, this.scoring.banMs);
    // A fresh peer id is free, a fresh address is not: the addresses it came from are banned as long.
    for (const conn of this.libp2p.getConnections(peerIdFromString(peer))) {
      const key = addressKey(conn.remoteAddr, this.limits.exemptLoopback);
      if (key !== undefined) this.bans.addresses.ban(key, this.scoring.banMs);
    }
    this.gossip.dropPeer(peer);
    this.events.emit('peer:banned', peer, reason);
    this.libp2p.hangUp(peerIdFromString(peer)).catch((err) => this.log.debug({ peer, err }, 'hang up failed'));
  }

  /** Established inbound connections from the address with this clientKey. */
  private inboundFrom(key: string): number {
    return this.libp2p
      .getConnections()
      .filter((c) => c.direction === 'inbound' && addressKey(c.remoteAddr, false) === key).length;
  }

  /** Exchanges status with a connected peer; a peer on another chain is disconnected ('mismatch'). */
  async requestStatus(peer: string): Promise<Status> {
    const id = peerIdFromString(peer);
    const request = encodeStatus(this.localStatus());
    const [status] = await this.reqResp.request(id, this.specs.status, request, 1, decodeStatus);
    if (status === undefined) throw new P2pError('malformed', `no status from ${peer}`);
    const mismatch = statusMismatch(this.localStatus(), status);
    if (mismatch !== undefined) {
      await this.libp2p.hangUp(id);
      throw new P2pError('mismatch', `${peer} follows another chain: ${mismatch}`);
    }
    this.acceptStatus(peer, status);
    return status;
  }

  /** The block frames a peer returns for heights from.., at most `count` (1..limits.blocksPerRequest). */
  async requestBlocksByRange(peer: string, from: number, count: number): Promise<Uint8Array[]> {
    if (!Number.isInteger(count) || count < 1 || count > this.limits.blocksPerRequest) {
      throw new RangeError(`count ${count} is outside 1..${this.limits.blocksPerRequest}`);
    }
    const request = encodeBlocksByRangeRequest({ from, count });
    return this.reqResp.request(peerIdFromString(peer), this.specs.blocksByRange, request, count, (frame) => frame);
  }

  /** The header frames a peer returns for heights from.., at most `count` (1..limits.headersPerRequest). */
  async requestHeadersByRange(peer: string, from: number, count: number): Promise<Uint8Array[]> {
    if (!Number.isInteger(count) || count < 1 || count > this.limits.headersPerRequest) {
      throw new RangeError(`count ${count} is outside 1..${this.limits.headersPerRequest}`);
    }
    const request = encodeBlocksByRangeRequest({ from, count });
    return this.reqResp.request(peerIdFromString(peer), this.specs.headersByRange, request, count, (frame) => frame);
  }

  /**
   * Chunk `index` of the object with root `root`, or undefined when the peer does not hold it. When `verify`
   * (typically chunk.ts's verifyChunk against `root`) returns false, the peer is penalised and 'invalid' is thrown.
   */
  async requestChunk(
    peer: string,
    root: Uint8Array,
    index: number,
    verify?: (chunk: ModelChunk) => boolean,
  ): Promise<ModelChunk | undefined> {
    for (let wait = this.chunkPace.take(peer); wait > 0; wait = this.chunkPace.take(peer)) await sleep(wait * 1000);
    const request = encodeChunkRequest({ root, index });
    const [chunk] = await this.reqResp.request(peerIdFromString(peer), this.specs.chunk, request, 1, decodeModelChunk);
    if (chunk !== undefined && verify !== undefined && !verify(chunk)) {
      this.penalise(peer, `chunk ${index} fails its proof`, PENALTY.invalidChunk);
      throw new P2pError('invalid', `chunk ${index} from ${peer} fails its proof`);
    }
    return chunk;
  }

  /** Up to `max` (1..limits.pooledTxsPerRequest) of the peer's pending transactions, as their encodings. */
  async requestPooledTransactions(peer: string, max = this.limits.pooledTxsPerRequest): Promise<Uint8Array[]> {
    if (!Number.isInteger(max) || max < 1 || max > this.limits.pooledTxsPerRequest) {
      throw new RangeError(`max ${max} is outside 1..${this.limits.pooledTxsPerRequest}`);
    }
    return this.reqResp.request(
      peerIdFromString(peer),
      this.specs.pooledTxs,
      encodePooledTxsRequest({ max }),
      max,
      (frame) => frame,
    );
  }

  private localStatus(): Status {
    return { chainId: this.options.chainId, genesisHash: this.options.genesisHash, head: this.options.head() };
  }

  private acceptStatus(peer: string, status: Status): void {
    this.statuses.set(peer, status);
    this.bootstrap.healthy(peer);
    this.events.emit('peer:status', peer, status);
  }

  private serveStatus(): Promise<void> {
    return this.reqResp.serve({
      spec: this.specs.status,
      decodeRequest: decodeStatus,
      // Both sides run the handshake, so a peer of another chain is dropped by our own request; here we only
      // learn the requester's head when it is on our chain.
      respond: (remote, peer) => {
        const local = this.localStatus();
        if (statusMismatch(local, remote) === undefined) this.acceptStatus(peer, remote);
        return [encodeStatus(local)];
      },
    });
  }

  private serveBlocksByRange(): Promise<void> {
    return this.reqResp.serve({
      spec: this.specs.blocksByRange,
      decodeRequest: (bytes) => decodeBlocksByRangeRequest(bytes, this.limits.blocksPerRequest),
      respond: (request, peer) => this.options.handlers.blocksByRange(request, peer),
    });
  }

  private serveHeadersByRange(): Promise<void> {
    return this.reqResp.serve({
      spec: this.specs.headersByRange,
      decodeRequest: (bytes) => decodeBlocksByRangeRequest(bytes, this.limits.headersPerRequest),
      respond: (request, peer) => this.options.handlers.headersByRange?.(request, peer) ?? [],
    });
  }

  private servePooledTransactions(): Promise<void> {
    return this.reqResp.serve({
      spec: this.specs.pooledTxs,
      decodeRequest: (bytes) => decodePooledTxsRequest(bytes, this.limits.pooledTxsPerRequest),
      respond: (request, peer) => this.options.handlers.pooledTransactions?.(request, peer) ?? [],
    });
  }

  private serveChunks(): Promise<void> {
    const { chunk } = this.options.handlers;
    return this.reqResp.serve({
      spec: this.specs.chunk,
      decodeRequest: decodeChunkRequest,
      respond: async function* (request, peer) {
        const found = await chunk(request, peer);
        if (found !== undefined) yield encodeModelChunk(found);
      },
    });
  }

  private readonly onConnect = (evt: CustomEvent<PeerId>): void => {
    const peer = evt.detail.toString();
    this.events.emit('peer:connected', peer);
    this.requestStatus(peer).catch(async (err) => {
      if (this.stopped) return;
      this.log.info({ peer, err }, 'status handshake failed');
      await this.libp2p.hangUp(evt.detail).catch(() => {});
    });
  };

  // The gater counts only established connections, so several opened at once from one address can all pass it:
  // the ones beyond the limit are closed as they complete.
  private readonly onConnectionOpen = (evt: CustomEvent<Connection>): void => {
    const conn = evt.detail;
    if (conn.direction !== 'inbound') return;
    const key = addressKey(conn.remoteAddr, this.limits.exemptLoopback);
    if (key === undefined || this.inboundFrom(key) <= this.limits.maxInboundPerAddress) return;
    this.log.info({ address: conn.remoteAddr.toString() }, 'inbound connection over the per-address limit');
    conn.abort(new Error('too many connections from this address'));
  };

  private readonly onDisconnect = (evt: CustomEvent<PeerId>): void => {
    const peer = evt.detail.toString();
    this.statuses.delete(peer);
    this.events.emit('peer:disconnected', peer);
  };
}
