// Brings a block from a peer into the chain: skips known blocks, refuses at once one already found invalid, defers
// those whose parent we lack to sync, checks every rule that needs no model file (ChainManager.precheck: a bogus
// header costs no download), fetches the model from the same peer when we do not hold it, then verifies and stores
// the block (ChainManager.submit), keeping the model file from deletion meanwhile (ChainManager.useModel).
// A block up to 4 s in the future is held by the chain and submitted again when its time comes; a block whose branch
// forks deeper than the reorganisation limit is refused and logged.
import type { Block } from '../../chain/block.js';
import { BlockError } from '../../chain/errors.js';
import { blockHash } from '../../chain/header.js';
import type { Logger } from 'pino';
import type { ChainManager, ImportOutcome } from '../chain/chain-manager.js';
import type { NodeCounters } from '../api/counters.js';
import { ModelFetcher } from '../models/model-fetch.js';
import type { Network } from '../p2p/network.js';

export type BlockImport = ImportOutcome | { readonly status: 'unknown-parent' };

export class BlockImporter {
  private readonly releases = new Set<NodeJS.Timeout>();
  private stopped = false;
  /** Caps the model fetches of every import, from gossip and sync alike. */
  private readonly fetcher: ModelFetcher;

  constructor(
    private readonly chain: ChainManager,
    /** Late-bound: the network is created with handlers that use this importer. */
    network: () => Network,
    private readonly counters: NodeCounters,
    private readonly clock: () => number,
    private readonly log: Logger,
  ) {
    this.fetcher = new ModelFetcher(network);
  }

  /** Throws the BlockError of an invalid block, and the fetch error when `peer` cannot serve its model. */
  async import(block: Block, peer: string): Promise<BlockImport> {
    const { store, models, rules } = this.chain;
    const hash = blockHash(block.header);
    if (await store.meta(hash)) return { status: 'known' };
    this.chain.refuseKnownInvalid(hash);
    if (!(await store.meta(block.header.parentHash))) return { status: 'unknown-parent' };
    const release = this.chain.useModel(block.header.modelRoot);
    let outcome: ImportOutcome;
    let started = 0;
    try {
      await this.chain.precheck(block, this.clock());
      if (!models.has(block.header.modelRoot)) {
        await models.put(await this.fetcher.fetch(peer, block.header, rules.problem.maxModelBytes));
      }
      started = performance.now();
      outcome = await this.chain.submit(block, this.clock(), peer);
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
