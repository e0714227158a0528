// Catching up with a peer whose chain is heavier than ours, headers first: the peer's status claims a head and a
// fork-choice weight; before any block body or model is fetched, the node finds where the chains part (headers by
// range, walking back with a doubling step until a header's parent is one we hold), then fetches the headers from
// there to the claimed head and checks each against its parent with every rule that needs no body or model
// (checkHeaderAlone: links, heights, ids, timestamps, the claim's total and threshold, the derived model size),
// summing the weight they prove (blockWeight of each threshold). Headers that do not reach the claimed head, or
// whose weight is not the claimed weight, cost the peer points and nothing more is fetched from it; a header that
// breaks a rule bans it. Only then are the blocks fetched by range, each matched to its checked header, imported in
// order with its model fetched (the object's keepers first, block-import.ts) and verified in full (but for the
// evaluation of the proven ancestors of an assume-valid block: the proven headers are what the chain's AssumeValid
// learns ancestry from); a model nobody serves yet stops the round without a verdict, and the catch-up with that
// peer is tried again MODEL_RETRY_MS later. Each header is checked by the rules it names (the registry's): headers
// past an activation whose content this node has not loaded cannot be weighed, so the proof stops before the first
// of them and, when what it proved outweighs our head, the blocks up to there are imported (the activation's block
// among them loads the content: a block that must wait for it, unknown-rules, is retried later like a model).
// One peer at a time; peers that ask meanwhile are caught up with afterwards. Progress (height, remaining,
// blocks/s) goes to the log, `syncing` to the API.
import type { Logger } from 'pino';
import { CodedError } from '../../base/coded-error.js';
import { decodeBlock } from '../../chain/block.js';
import { blockHash, decodeHeader, type BlockHeader } from '../../chain/header.js';
import { bytesEqual, toHex } from '../../codec/hex.js';
import { checkHeaderAlone } from '../../consensus/check-header.js';
import { blockWeight } from '../../consensus/fork-choice.js';
import { UnknownRulesError } from '../../consensus/rules.js';
import { checkingTime, MEDIAN_TIME_SPAN } from '../../consensus/timestamp-rules.js';
import type { BlockImporter } from './block-import.js';
import { ModelNotFound } from '../models/model-fetch.js';
import { recentTimestamps, storedBlock } from '../chain/ancestry.js';
import type { ChainManager } from '../chain/chain-manager.js';
import type { HeadTip } from './head-tip.js';
import type { NetworkLimits } from '../p2p/limits.js';
import type { Network } from '../p2p/network.js';
import type { Head, Status } from '../p2p/status.js';
import { blockFault, INVALID_BLOCK_POINTS } from './peer-faults.js';

/** A peer whose headers do not prove the head it claimed (they stop short, or weigh other than it said). */
export const UNPROVEN_CLAIM_POINTS = 50;
/** A peer that stops serving, or serves other blocks than, the headers it proved. */
export const UNSERVED_BLOCKS_POINTS = 25;

/** How long sync waits before trying again a catch-up stopped by a model no peer served. */
export const MODEL_RETRY_MS = 5000;

export type SyncErrorCode = 'unproven-claim' | 'unserved-blocks';

/** Why sync stopped with a peer that is not provably hostile but did not serve what it claimed. */
export class SyncError extends CodedError<SyncErrorCode> {
  constructor(code: SyncErrorCode, message: string) {
    super(code, message, message);
  }
}

export class Sync {
  private readonly waiting = new Set<string>();
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly retries = new Set<NodeJS.Timeout>();

  constructor(
    private readonly chain: ChainManager,
    private readonly tip: HeadTip,
    private readonly network: Network,
    private readonly importer: BlockImporter,
    private readonly limits: Pick<NetworkLimits, 'blocksPerRequest' | 'headersPerRequest'>,
    /** Seconds since the Unix epoch. */
    private readonly clock: () => number,
    private readonly log: Logger,
  ) {}

  /** Catches up with every peer whose status shows a heavier chain. */
  start(): void {
    this.network.events.on('peer:status', this.onStatus);
    for (const peer of this.network.peers()) if (peer.status) this.onStatus(peer.id, peer.status);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.retries) clearTimeout(timer);
    this.network.events.off('peer:status', this.onStatus);
    await this.running;
  }

  get syncing(): boolean {
    return this.running !== undefined;
  }

  /** Queues a catch-up with `peer` (its chain is checked first: nothing is fetched from a lighter one). */
  catchUp(peer: string): void {
    this.waiting.add(peer);
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  private readonly onStatus = (peer: string, status: Status): void => {
    if (this.isHeavier(status.head)) this.catchUp(peer);
  };

  private isHeavier(head: Head): boolean {
    // Strictly heavier: an equal weight keeps our head (fork choice never switches on a tie).
    return head.totalWeight > this.tip.current.totalWeight;
  }

  private async drain(): Promise<void> {
    for (let peer = first(this.waiting); peer && !this.stopped; peer = first(this.waiting)) {
      this.waiting.delete(peer);
      try {
        await this.syncWith(peer);
      } catch (err) {
        if (err instanceof SyncError) {
          const points = err.code === 'unproven-claim' ? UNPROVEN_CLAIM_POINTS : UNSERVED_BLOCKS_POINTS;
          this.network.penalise(peer, err.message, points);
        }
        const fault = blockFault(err);
        if (fault !== undefined) this.network.penalise(peer, fault, INVALID_BLOCK_POINTS);
        if (err instanceof ModelNotFound || err instanceof UnknownRulesError) this.retryLater(peer);
        this.log.warn({ peer, err: fault ?? err }, 'sync with peer failed');
      } finally {
        // Our own status requests re-queued it: what it claimed has been dealt with.
        this.waiting.delete(peer);
      }
    }
  }

  private retryLater(peer: string): void {
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      if (!this.stopped) this.catchUp(peer);
    }, MODEL_RETRY_MS);
    this.retries.add(timer);
  }

  /** Rounds of headers then blocks, while the peer's head is heavier than ours and each round moves our head. */
  private async syncWith(peer: string): Promise<void> {
    const started = performance.now();
    const startHeight = this.chain.head.height;
    for (let round = 0; !this.stopped; round++) {
      const target = (await this.network.requestStatus(peer)).head;
      if (!this.isHeavier(target)) {
        if (round === 0) return;
        break;
      }
      if (round === 0) this.log.info({ peer, height: startHeight, target: target.height }, 'sync started');
      const before = blockHash(this.chain.head);
      const proven = await this.provenHeaders(peer, target);
      await this.fetchBlocks(peer, proven, target, { started, startHeight });
      if (bytesEqual(blockHash(this.chain.head), before)) break;
    }
    this.log.info({ peer, height: this.chain.head.height, hash: toHex(blockHash(this.chain.head)) }, 'sync done');
  }

  /**
   * The hashes of the peer's headers from where our chains part to its claimed head, each checked against its
   * parent, their weight summed and compared with the claim. Throws SyncError when they do not prove it, the
   * header's BlockError when one breaks a rule.
   */
  private async provenHeaders(peer: string, target: Head): Promise<{ from: number; hashes: Uint8Array[] }> {
    const { store, registry } = this.chain;
    // The first height we may lack, or the peer's head when its heavier chain is the shorter one.
    let from = Math.max(1, Math.min(this.chain.head.height + 1, target.height));
    let back = this.limits.blocksPerRequest;
    let headers = await this.headers(peer, from, target.height);
    while (!(await store.meta(headers[0].parentHash))) {
      // Our chains part below `from`: step back towards genesis, which we share.
      if (from === 1)
        throw new SyncError('unproven-claim', `${peer} serves a chain that does not start at our genesis`);
      from = Math.max(1, from - back);
      back *= 2;
      this.log.info({ peer, from }, 'chains part lower: walking back');
      headers = await this.headers(peer, from, target.height);
    }
    let parent = (await storedBlock(store, headers[0].parentHash)).header;
    let weight = (await store.meta(headers[0].parentHash))!.totalWeight;
    const times = await recentTimestamps(store, parent);
    const hashes: Uint8Array[] = [];
    const proven: BlockHeader[] = [];
    let unknown: BlockHeader | undefined;
    for (;;) {
      for (const header of headers) {
        const rules = registry.rulesNamed(header.problemId, header.grammarId);
        if (!rules) {
          unknown = header;
          break;
        }
        const now = checkingTime(header.timestamp, this.clock());
        const { thresholdBp } = checkHeaderAlone(rules, header, { parent, recentTimestamps: times, now });
        weight += blockWeight(thresholdBp);
        hashes.push(blockHash(header));
        proven.push(header);
        times.push(header.timestamp);
        if (times.length > MEDIAN_TIME_SPAN) times.shift();
        parent = header;
      }
      if (unknown || parent.height >= target.height || this.stopped) break;
      headers = await this.headers(peer, parent.height + 1, target.height);
    }
    if (unknown) {
      // Not provable yet: the part before the unknown rules is imported if it alone outweighs our head.
      if (weight <= this.tip.current.totalWeight) {
        throw new UnknownRulesError(
          'unknown-rules',
          `${peer}'s header at ${unknown.height} names problem ${toHex(unknown.problemId)} with grammar ` +
            `${toHex(unknown.grammarId)}, not loaded here, and the headers before it do not outweigh our head`,
        );
      }
    } else if (!bytesEqual(blockHash(parent), target.hash) || weight !== target.totalWeight) {
      throw new SyncError(
        'unproven-claim',
        `${peer} claimed weight ${target.totalWeight} at height ${target.height}, its headers prove ${weight}`,
      );
    }
    this.chain.assumeValid?.noteHeaders(proven);
    return { from, hashes };
  }

  /** Headers from `from` towards `to`, at least one: a peer that has none where it claimed a chain has not proven it. */
  private async headers(peer: string, from: number, to: number): Promise<BlockHeader[]> {
    const count = Math.min(this.limits.headersPerRequest, to - from + 1);
    const frames = await this.network.requestHeadersByRange(peer, from, count);
    if (frames.length === 0) throw new SyncError('unproven-claim', `${peer} serves no header at ${from} of ${to}`);
    return frames.map(decodeHeader);
  }

  /** The blocks of the proven headers, each matched to its header and imported in order. */
  private async fetchBlocks(
    peer: string,
    { from, hashes }: { from: number; hashes: Uint8Array[] },
    target: Head,
    progress: { started: number; startHeight: number },
  ): Promise<void> {
    for (let height = from; height < from + hashes.length && !this.stopped;) {
      const count = Math.min(this.limits.blocksPerRequest, from + hashes.length - height);
      const frames = await this.network.requestBlocksByRange(peer, height, count);
      if (frames.length === 0) throw new SyncError('unserved-blocks', `${peer} serves no block at ${height}`);
      for (const frame of frames) {
        const block = decodeBlock(frame);
        if (!bytesEqual(blockHash(block.header), hashes[height - from])) {
          throw new SyncError('unserved-blocks', `${peer} serves a block at ${height} other than its header`);
        }
        if (this.stopped || (await this.importer.import(block, peer)).status === 'unknown-parent') return;
        height++;
      }
      const seconds = (performance.now() - progress.started) / 1000;
      const now = this.chain.head.height;
      this.log.info(
        {
          peer,
          height: now,
          remaining: Math.max(0, target.height - now),
          blocksPerSecond: (now - progress.startHeight) / seconds,
        },
        'sync progress',
      );
    }
  }
}

function first<T>(set: Set<T>): T | undefined {
  return set.values().next().value;
}
