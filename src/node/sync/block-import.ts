// Brings a block from a peer into the chain: skips known blocks, refuses at once one already found invalid, defers
// those whose parent we lack to sync, checks every rule that needs no model file (ChainManager.precheck: a bogus
// header costs no download), fetches the model from the same peer when we do not hold it, then verifies and stores
// the block (ChainManager.submit), keeping the model file from deletion meanwhile (ChainManager.useModel).
// A block from sync (a historical block, whose model its sender need no longer keep: docs/NETWORK.md, "Model
// files") has its model fetched from the peers `sources` lists, the object's keepers first; when none serves it yet
// the import fails with ModelNotFound, no verdict on the block, and sync tries again later. A gossiped block's model
// comes from its sender alone: an honest node holds the model of the head it forwards.
// A block up to 4 s in the future is held by the chain and submitted again when its time comes; a block whose branch
// forks deeper than the reorganisation limit is refused and logged.
// Gossiped blocks go through a bounded verification queue (docs/NETWORK.md, "Verification queue"): one block per
// peer at a time (its next waits for the verdict on its previous), a small backlog per peer and a bound on all,
// beyond which blocks are dropped unevaluated and counted; a queued block whose sender was banned meanwhile is
// dropped too. At most `verifying` gossiped blocks are in the chain's serial submit at once, so a block from sync
// (which calls import directly) or the miner (which submits directly) waits behind at most that many evaluations.
import { CodedError } from '../../base/coded-error.js';
import type { Block } from '../../chain/block.js';
import { BlockError } from '../../chain/errors.js';
import { blockHash, type BlockHeader } from '../../chain/header.js';
import type { Logger } from 'pino';
import type { ChainManager, ImportOutcome } from '../chain/chain-manager.js';
import type { NodeCounters } from '../api/counters.js';
import { ModelFetcher } from '../models/model-fetch.js';
import type { Network } from '../p2p/network.js';

/** The peers to fetch a synced block's model from, in the order to try them (its sender among them). */
export type ModelSources = (header: BlockHeader, sender: string) => readonly string[];

export type BlockImport = ImportOutcome | { readonly status: 'unknown-parent' };

export interface VerifyQueueLimits {
  /** Gossiped blocks of one peer that may wait behind its block in verification. */
  readonly perPeer: number;
  /** Gossiped blocks in the queue at once, from every peer. */
  readonly total: number;
  /** Gossiped blocks in the chain's submit at once (the evaluation threads they can keep busy). */
  readonly verifying: number;
}

export const DEFAULT_VERIFY_QUEUE: VerifyQueueLimits = { perPeer: 2, total: 64, verifying: 1 };

/** A gossiped block dropped unevaluated by the verification queue: no verdict on the block, no fault of its own. */
export class VerificationDropped extends CodedError<'peer-backlog-full' | 'queue-full' | 'sender-banned'> {}

export class BlockImporter {
  private readonly releases = new Set<NodeJS.Timeout>();
  private stopped = false;
  /** Per peer: its gossiped blocks in the queue (in verification included), and the end of its chain of them. */
  private readonly lanes = new Map<string, { queued: number; tail: Promise<unknown> }>();
  private queued = 0;
  private verifying = 0;
  private readonly slotWaiters: (() => void)[] = [];
  /** Caps the model fetches of every import, from gossip and sync alike. */
  private readonly fetcher: ModelFetcher;

  constructor(
    private readonly chain: ChainManager,
    /** Late-bound: the network is created with handlers that use this importer. */
    private readonly network: () => Network,
    private readonly counters: NodeCounters,
    private readonly clock: () => number,
    private readonly log: Logger,
    private readonly limits: VerifyQueueLimits = DEFAULT_VERIFY_QUEUE,
    private readonly sources: ModelSources = (_header, sender) => [sender],
  ) {
    // No slot (verifying 0) would leave every gossiped block waiting for ever.
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isInteger(value) || value < (name === 'perPeer' ? 0 : 1))
        throw new RangeError(`verification queue ${name}: ${value}`);
    }
    this.fetcher = new ModelFetcher(network);
  }

  /**
   * A gossiped block, through the verification queue: as import, or VerificationDropped (counted) when its sender's
   * backlog or the queue is full or its sender is banned by the time its turn comes.
   */
  importGossiped(block: Block, peer: string): Promise<BlockImport> {
    const lane = this.lanes.get(peer) ?? { queued: 0, tail: Promise.resolve() };
    if (lane.queued > this.limits.perPeer) return this.drop('peer-backlog-full', `${peer} has ${lane.queued} queued`);
    if (this.queued >= this.limits.total) return this.drop('queue-full', `${this.queued} blocks queued`);
    lane.queued++;
    this.queued++;
    this.lanes.set(peer, lane);
    const run = lane.tail.then(() =>
      this.unlessBanned(peer, () => this.importWith(block, peer, (submit) => this.inSlot(peer, submit), false)),
    );
    lane.tail = run
      .catch(() => undefined)
      .finally(() => {
        this.queued--;
        if (--lane.queued === 0) this.lanes.delete(peer);
      });
    return run;
  }

  /** A block from sync: throws the BlockError of an invalid block, ModelNotFound when no source serves its model. */
  import(block: Block, peer: string): Promise<BlockImport> {
    return this.importWith(block, peer, (submit) => submit(), true);
  }

  private async importWith(
    block: Block,
    peer: string,
    verify: (submit: () => Promise<ImportOutcome>) => Promise<ImportOutcome>,
    synced: boolean,
  ): Promise<BlockImport> {
    const { store, models } = this.chain;
    const hash = blockHash(block.header);
    if (await store.meta(hash)) return { status: 'known' };
    this.chain.refuseKnownInvalid(hash);
    if (!(await store.meta(block.header.parentHash))) {
      this.chain.refuseChildOfInvalid(block.header);
      return { status: 'unknown-parent' };
    }
    const release = this.chain.useModel(block.header.modelRoot);
    let outcome: ImportOutcome;
    let started = 0;
    try {
      const rules = await this.chain.precheck(block, this.clock());
      if (!models.has(block.header.modelRoot)) {
        const max = rules.problem.maxModelBytes;
        const file = synced
          ? await this.fetcher.fetchFromAny(this.sources(block.header, peer), block.header, max)
          : await this.fetcher.fetch(peer, block.header, max);
        await models.put(file);
      }
      started = performance.now();
      outcome = await verify(() => this.chain.submit(block, this.clock(), peer));
    } catch (err) {
      if (err instanceof BlockError && err.code === 'reorg-too-deep') {
        this.log.warn(
          { peer, height: block.header.height, reason: err.message },
          'refused a branch forking below the reorganisation limit',
        );
      }
      throw err;
    } finally {
      release();
    }
    if (outcome.status === 'head' || outcome.status === 'side')
      this.counters.verified((performance.now() - started) / 1000);
    if (outcome.status === 'held') this.releaseAt(outcome.until);
    return outcome;
  }

  /** Runs `submit` in one of the `verifying` slots, unless `peer` was banned while it waited. */
  private async inSlot<T>(peer: string, submit: () => Promise<T>): Promise<T> {
    while (this.verifying >= this.limits.verifying) await new Promise<void>((wake) => this.slotWaiters.push(wake));
    this.verifying++;
    try {
      return await this.unlessBanned(peer, submit);
    } finally {
      this.verifying--;
      this.slotWaiters.shift()?.();
    }
  }

  private unlessBanned<T>(peer: string, run: () => Promise<T>): Promise<T> {
    return this.network().isBanned(peer)
      ? this.drop('sender-banned', `${peer} was banned while its block waited`)
      : run();
  }

  private drop(code: VerificationDropped['code'], detail: string): Promise<never> {
    this.counters.droppedBlock();
    return Promise.reject(new VerificationDropped(code, detail));
  }

  /** Cancels pending releases of held blocks. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.releases) clearTimeout(timer);
  }

  private releaseAt(until: number): void {
    if (this.stopped) return;
    const timer = setTimeout(
      () => {
        this.releases.delete(timer);
        this.chain
          .releaseHeld(this.clock())
          .then(() => {
            // A block held again (the clock read early) would otherwise wait for the next import.
            const next = this.chain.nextRelease();
            if (next !== undefined) this.releaseAt(next);
          })
          .catch((err) => this.log.warn({ err }, 'releasing held blocks failed'));
      },
      Math.max(0, until - this.clock() + 1) * 1000,
    );
    this.releases.add(timer);
  }
}
