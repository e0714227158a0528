// Catching up with a peer whose chain is heavier than ours: blocks by range from where our chains may part,
// walking back (doubling the step) until the first block's parent is one we hold, then each block imported in
// order, its model fetched from the same peer and verified in full (the evaluation included), until the peer's
// chain ends. One peer at a time; peers that ask meanwhile are caught up with afterwards. Progress (height,
// remaining, blocks/s) goes to the log, and `syncing` to the API.
import type { Logger } from 'pino';
import { decodeBlock, type Block } from '../../chain/block.js';
import { blockHash } from '../../chain/header.js';
import { toHex } from '../../codec/hex.js';
import type { BlockImporter } from './block-import.js';
import type { ChainManager } from '../chain/chain-manager.js';
import type { HeadTip } from './head-tip.js';
import type { Network } from '../p2p/network.js';
import type { Head, Status } from '../p2p/status.js';
import { blockFault, INVALID_BLOCK_POINTS } from './peer-faults.js';

export class Sync {
  private readonly waiting = new Set<string>();
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly chain: ChainManager,
    private readonly tip: HeadTip,
    private readonly network: Network,
    private readonly importer: BlockImporter,
    private readonly blocksPerRequest: number,
    private readonly log: Logger,
  ) {}

  /** Catches up with every peer whose status shows a heavier chain. */
  start(): void {
    this.network.events.on('peer:status', this.onStatus);
    for (const peer of this.network.peers()) if (peer.status) this.onStatus(peer.id, peer.status);
  }

  async stop(): Promise<void> {
    this.stopped = true;
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
        const fault = blockFault(err);
        if (fault !== undefined) this.network.penalise(peer, fault, INVALID_BLOCK_POINTS);
        this.log.warn({ peer, err: fault ?? err }, 'sync with peer failed');
      }
    }
  }

  private async syncWith(peer: string): Promise<void> {
    const target = (await this.network.requestStatus(peer)).head;
    if (!this.isHeavier(target)) return;
    const started = performance.now();
    const startHeight = this.chain.head.height;
    this.log.info({ peer, height: startHeight, target: target.height }, 'sync started');
    // The first height we may lack, or the peer's head when its heavier chain is the shorter one.
    let from = Math.max(1, Math.min(startHeight + 1, target.height));
    let back = this.blocksPerRequest;
    while (!this.stopped) {
      const count = this.blocksPerRequest;
      const blocks = (await this.network.requestBlocksByRange(peer, from, count)).map(decodeBlock);
      if (blocks.length === 0) break;
      if (!(await this.chain.store.meta(blocks[0].header.parentHash))) {
        // Our chains part below `from`: step back towards genesis, which we share.
        if (from === 1) throw new Error(`${peer} serves a chain that does not start at our genesis`);
        from = Math.max(1, from - back);
        back *= 2;
        this.log.info({ peer, from }, 'chains part lower: walking back');
        continue;
      }
      if (!(await this.importAll(blocks, peer))) break;
      const seconds = (performance.now() - started) / 1000;
      const height = this.chain.head.height;
      this.log.info(
        {
          peer,
          height,
          remaining: Math.max(0, target.height - height),
          blocksPerSecond: (height - startHeight) / seconds,
        },
        'sync progress',
      );
      if (blocks.length < count) break;
      from += blocks.length;
    }
    this.log.info({ peer, height: this.chain.head.height, hash: toHex(blockHash(this.chain.head)) }, 'sync done');
  }

  /** Imports blocks in order; false when one's parent is unknown (the peer's chain changed under us). */
  private async importAll(blocks: readonly Block[], peer: string): Promise<boolean> {
    for (const block of blocks) {
      if (this.stopped) return false;
      if ((await this.importer.import(block, peer)).status === 'unknown-parent') return false;
    }
    return true;
  }
}

function first<T>(set: Set<T>): T | undefined {
  return set.values().next().value;
}
