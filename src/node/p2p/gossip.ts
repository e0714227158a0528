// Gossip on the chain's topics. Gossipsub runs with asynchronous validation: a received message is held until the
// node's handler gives its verdict, and only an 'accept' is forwarded; 'reject' also penalises the peer that
// forwarded it (in gossipsub's own score and in ours). Message ids are content hashes, so the same transaction
// announced by several nodes is one message.
// A peer pays for what it sends: an RPC carrying more than a few messages is dropped undecoded, each peer's messages
// on a topic are judged one at a time and only within its rate, and none of a peer's waiting messages is judged once
// it is banned. Gossipsub's own score (below) graylists a peer whose messages fail, so its later RPCs are dropped
// before any validation. docs/NETWORK.md, "Gossip topics", gives the numbers and why.
import { GossipSub, type GossipSubComponents, type GossipsubMessage } from '@chainsafe/libp2p-gossipsub';
import {
  createPeerScoreParams,
  createPeerScoreThresholds,
  createTopicScoreParams,
  type PeerScoreParams,
  type PeerScoreThresholds,
  type TopicScoreParams,
} from '@chainsafe/libp2p-gossipsub/score';
import { StrictNoSign, TopicValidatorResult, type Message } from '@libp2p/interface';
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { NetworkLimits } from './limits.js';
import { PENALTY } from './peer-score.js';
import { RateLimiter } from './rate-limit.js';
import type { Penalise } from './req-resp.js';
import { GOSSIP_KINDS, gossipTopic, type GossipKind } from './topics.js';

export type Verdict = 'accept' | 'ignore' | 'reject';

/** Judges a message from `from` (the peer that forwarded it, not necessarily its author). */
export type GossipHandler = (data: Uint8Array, from: string) => Verdict | Promise<Verdict>;

const RESULT: Record<Verdict, TopicValidatorResult> = {
  accept: TopicValidatorResult.Accept,
  ignore: TopicValidatorResult.Ignore,
  reject: TopicValidatorResult.Reject,
};

/** Gossipsub's RPC frame may carry control messages beside one full-size message. */
const RPC_OVERHEAD_BYTES = 64 * 1024;

export type GossipTopics = Readonly<Record<GossipKind, string>>;

export function gossipTopics(chainId: number, genesisHash: Uint8Array): GossipTopics {
  return Object.fromEntries(GOSSIP_KINDS.map((k) => [k, gossipTopic(k, chainId, genesisHash)])) as Record<
    GossipKind,
    string
  >;
}

export interface GossipsubConfig {
  readonly topics: GossipTopics;
  readonly limits: NetworkLimits;
  /** Our own score of a peer (0 or negative), which gossipsub adds to its own (P5). */
  appScore(peer: string): number;
}

/** A counter's decay per 1 s interval so that it halves every `halfLifeS` seconds. */
const halving = (halfLifeS: number) => 0.5 ** (1 / halfLifeS);

/**
 * Gossipsub's peer score thresholds. Below `gossipThreshold` a peer gets and gives no IHAVE/IWANT gossip, below
 * `publishThreshold` our own messages are not sent to it, below `graylistThreshold` its RPCs are dropped unread.
 */
export const SCORE_THRESHOLDS: PeerScoreThresholds = createPeerScoreThresholds({
  gossipThreshold: -10,
  publishThreshold: -50,
  graylistThreshold: -80,
});

/**
 * Per-topic score parameters. Mesh delivery rates (P3, P3b) are off on every topic: blocks come when training finds
 * one and a quiet chain has no transactions, so a delivery quota would punish honest peers. Invalid messages (P4,
 * the square of a count) weigh by what one costs us: one invalid block is proof of a hostile peer and graylists it
 * (-100 < -80); three invalid transactions do. First deliveries (P2) earn a little, capped by topicScoreCap.
 */
function topicParams(kind: GossipKind): TopicScoreParams {
  const off = { meshMessageDeliveriesWeight: 0, meshFailurePenaltyWeight: 0, timeInMeshWeight: 0 };
  if (kind === 'blocks') {
    return createTopicScoreParams({
      ...off,
      topicWeight: 1,
      firstMessageDeliveriesWeight: 1,
      firstMessageDeliveriesCap: 10,
      firstMessageDeliveriesDecay: halving(3600),
      invalidMessageDeliveriesWeight: -100,
      invalidMessageDeliveriesDecay: halving(3600),
    });
  }
  return createTopicScoreParams({
    ...off,
    topicWeight: 1,
    firstMessageDeliveriesWeight: 0.1,
    firstMessageDeliveriesCap: 50,
    firstMessageDeliveriesDecay: halving(600),
    invalidMessageDeliveriesWeight: -10,
    invalidMessageDeliveriesDecay: halving(600),
  });
}

export function scoreParams(config: GossipsubConfig): PeerScoreParams {
  return createPeerScoreParams({
    topics: Object.fromEntries(GOSSIP_KINDS.map((k) => [config.topics[k], topicParams(k)])),
    // What delivering messages earns stays below what one invalid transaction costs plus the gossip threshold.
    topicScoreCap: 10,
    appSpecificScore: config.appScore,
    appSpecificWeight: 1,
    // Peers beyond the per-address connection limit's worth on one address (outbound ones count too) lose score.
    IPColocationFactorWeight: -20,
    IPColocationFactorThreshold: config.limits.maxInboundPerAddress,
    IPColocationFactorWhitelist: new Set(config.limits.exemptLoopback ? ['127.0.0.1', '::1'] : []),
    // Broken IWANT promises and GRAFTs during a prune backoff: a few are an honest peer under load; more cost.
    behaviourPenaltyWeight: -10,
    behaviourPenaltyThreshold: 6,
    behaviourPenaltyDecay: halving(600),
    retainScore: 3600 * 1000,
  });
}

export function createGossipsub(config: GossipsubConfig): (components: GossipSubComponents) => GossipSub {
  const { limits } = config;
  const largest = Math.max(...Object.values(limits.gossipBytes));
  return (components) =>
    new GossipSub(components, {
      asyncValidation: true,
      globalSignaturePolicy: StrictNoSign,
      msgIdFn: messageId,
      // A miner may be alone for a while; publishing then is not an error.
      allowPublishToZeroTopicPeers: true,
      ignoreDuplicatePublishError: true,
      maxInboundDataLength: largest + RPC_OVERHEAD_BYTES,
      decodeRpcLimits: limits.gossipRpc,
      // Subscriptions and messages on other topics are dropped, so gossipsub's tables grow only with ours.
      allowedTopics: Object.values(config.topics),
      scoreParams: scoreParams(config),
      scoreThresholds: SCORE_THRESHOLDS,
    });
}

function messageId(msg: Message): Uint8Array {
  return createHash('sha256').update(msg.topic).update(msg.data).digest();
}

interface Pending {
  readonly msg: Message;
  readonly msgId: string;
}

export class Gossip {
  private readonly kindOf = new Map<string, GossipKind>();
  /** Messages waiting for their verdict, by peer and topic; a key is here while one of its messages is judged. */
  private readonly queues = new Map<string, Pending[]>();
  private readonly rates: Record<GossipKind, RateLimiter>;

  constructor(
    private readonly pubsub: GossipSub,
    private readonly topicOf: GossipTopics,
    private readonly handlers: Partial<Record<GossipKind, GossipHandler>>,
    private readonly limits: NetworkLimits,
    private readonly penalise: Penalise,
    /** Whether a peer is banned: its waiting messages are then dropped unjudged. */
    private readonly isBanned: (peer: string) => boolean,
    private readonly log: Logger,
  ) {
    for (const kind of GOSSIP_KINDS) this.kindOf.set(this.topicOf[kind], kind);
    this.rates = Object.fromEntries(GOSSIP_KINDS.map((k) => [k, new RateLimiter(limits.gossipRate[k])])) as Record<
      GossipKind,
      RateLimiter
    >;
  }

  /** Subscribes to the topics that have a handler. */
  start(): void {
    this.pubsub.addEventListener('gossipsub:message', this.onMessage);
    for (const kind of GOSSIP_KINDS) if (this.handlers[kind]) this.pubsub.subscribe(this.topicOf[kind]);
  }

  stop(): void {
    this.pubsub.removeEventListener('gossipsub:message', this.onMessage);
  }

  topic(kind: GossipKind): string {
    return this.topicOf[kind];
  }

  /** Publishes to the topic's peers; returns how many it was sent to (0 when alone or already published). */
  async publish(kind: GossipKind, data: Uint8Array): Promise<number> {
    if (data.length > this.limits.gossipBytes[kind]) {
      throw new RangeError(`${kind} message of ${data.length} bytes exceeds ${this.limits.gossipBytes[kind]}`);
    }
    const { recipients } = await this.pubsub.publish(this.topicOf[kind], data);
    return recipients.length;
  }

  /** Peers in our mesh for the topic: those we forward its messages to. */
  meshPeers(kind: GossipKind): string[] {
    return this.pubsub.getMeshPeers(this.topicOf[kind]);
  }

  /** Gossipsub's score of a peer (what its graylisting goes by). */
  score(peer: string): number {
    return this.pubsub.getScore(peer);
  }

  /** Drops a banned peer's waiting messages without judging them. */
  dropPeer(peer: string): void {
    for (const kind of GOSSIP_KINDS) {
      const queue = this.queues.get(queueKey(peer, kind));
      for (const { msgId } of queue?.splice(0) ?? []) this.report(msgId, peer, 'ignore');
    }
  }

  private readonly onMessage = (evt: CustomEvent<GossipsubMessage>): void => {
    const { msg, msgId, propagationSource } = evt.detail;
    const kind = this.kindOf.get(msg.topic);
    if (!kind || !this.handlers[kind]) return;
    const from = propagationSource.toString();
    if (this.rates[kind].take(queueKey(from, kind)) > 0) {
      this.report(msgId, from, 'ignore');
      this.penalise(from, `${kind} gossip over its rate`, PENALTY.gossipOverRate);
      return;
    }
    const key = queueKey(from, kind);
    const queue = this.queues.get(key);
    if (queue === undefined) {
      this.queues.set(key, []);
      void this.drain(key, kind, from, { msg, msgId });
    } else if (queue.length < this.limits.gossipPending) queue.push({ msg, msgId });
    else this.report(msgId, from, 'ignore');
  };

  /** Judges `first` and then each message queued behind it, one at a time, until the queue is empty. */
  private async drain(key: string, kind: GossipKind, from: string, first: Pending): Promise<void> {
    for (let next: Pending | undefined = first; next !== undefined; next = this.queues.get(key)?.shift()) {
      // The ban may have come while this waited (typically: the message before it was invalid).
      const verdict = this.isBanned(from) ? 'ignore' : await this.judge(kind, next.msg.data, from);
      this.report(next.msgId, from, verdict);
      if (verdict === 'reject') this.penalise(from, `invalid ${kind} gossip`, PENALTY.invalidGossip);
    }
    this.queues.delete(key);
  }

  private report(msgId: string, from: string, verdict: Verdict): void {
    this.pubsub.reportMessageValidationResult(msgId, from, RESULT[verdict]);
  }

  private async judge(kind: GossipKind, data: Uint8Array, from: string): Promise<Verdict> {
    if (data.length > this.limits.gossipBytes[kind]) return 'reject';
    try {
      return await this.handlers[kind]!(data, from);
    } catch (err) {
      // A failing handler is our fault, not the sender's: drop the message without blame.
      this.log.warn({ err, kind }, 'gossip handler failed');
      return 'ignore';
    }
  }
}

const queueKey = (peer: string, kind: GossipKind) => `${kind} ${peer}`;
