// Gossip on the chain's topics. Gossipsub runs with asynchronous validation: a received message is held until the
// node's handler gives its verdict, and only an 'accept' is forwarded; 'reject' also penalises the peer that
// forwarded it (in gossipsub's own score and in ours). Message ids are content hashes, so the same transaction
// announced by several nodes is one message.
import { GossipSub, type GossipSubComponents, type GossipsubMessage } from '@chainsafe/libp2p-gossipsub';
import { StrictNoSign, TopicValidatorResult, type Message } from '@libp2p/interface';
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { NetworkLimits } from './limits.js';
import { PENALTY } from './peer-score.js';
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

export function createGossipsub(limits: NetworkLimits): (components: GossipSubComponents) => GossipSub {
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
    });
}

function messageId(msg: Message): Uint8Array {
  return createHash('sha256').update(msg.topic).update(msg.data).digest();
}

export class Gossip {
  private readonly kindOf = new Map<string, GossipKind>();
  private readonly topicOf: Record<GossipKind, string>;

  constructor(
    private readonly pubsub: GossipSub,
    chainId: number,
    genesisHash: Uint8Array,
    private readonly handlers: Partial<Record<GossipKind, GossipHandler>>,
    private readonly limits: NetworkLimits,
    private readonly penalise: Penalise,
    private readonly log: Logger,
  ) {
    this.topicOf = Object.fromEntries(GOSSIP_KINDS.map((k) => [k, gossipTopic(k, chainId, genesisHash)])) as Record<
      GossipKind,
      string
    >;
    for (const kind of GOSSIP_KINDS) this.kindOf.set(this.topicOf[kind], kind);
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

  private readonly onMessage = (evt: CustomEvent<GossipsubMessage>): void => {
    void this.validate(evt.detail);
  };

  private async validate({ msg, msgId, propagationSource }: GossipsubMessage): Promise<void> {
    const kind = this.kindOf.get(msg.topic);
    const handler = kind && this.handlers[kind];
    if (!kind || !handler) return;
    const from = propagationSource.toString();
    const verdict = await this.judge(kind, handler, msg.data, from);
    this.pubsub.reportMessageValidationResult(msgId, from, RESULT[verdict]);
    if (verdict === 'reject') this.penalise(from, `invalid ${kind} gossip`, PENALTY.invalidGossip);
  }

  private async judge(kind: GossipKind, handler: GossipHandler, data: Uint8Array, from: string): Promise<Verdict> {
    if (data.length > this.limits.gossipBytes[kind]) return 'reject';
    try {
      return await handler(data, from);
    } catch (err) {
      // A failing handler is our fault, not the sender's: drop the message without blame.
      this.log.warn({ err, kind }, 'gossip handler failed');
      return 'ignore';
    }
  }
}
