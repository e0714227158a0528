// Finds main-chain transactions by hash. The ChainStore keeps no such index, so this one lives in memory, is
// built from the stored blocks on the first lookup and follows the head from then on: indexed blocks always form
// a hash-linked chain, and those a reorganisation left behind are dropped from the top.
import { bytesEqual, toHex } from '../../codec/hex.js';
import type { Block } from '../../chain/block.js';
import { blockHash } from '../../chain/header.js';
import { txHash } from '../../chain/tx-signing.js';
import type { ChainStore } from '../db/chain-store.js';

export interface TxPlace {
  readonly block: Block;
  readonly blockHash: Uint8Array;
  readonly index: number;
}

interface IndexedBlock {
  readonly hash: Uint8Array;
  readonly txs: readonly string[];
}

export class TxIndex {
  /** The indexed main chain from genesis up: entry h is the block at height h. */
  private readonly blocks: IndexedBlock[] = [];
  private readonly heights = new Map<string, number>();
  /** Lookups catch up one at a time, so that two never index the same block. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly store: ChainStore) {}

  async find(hash: Uint8Array): Promise<TxPlace | undefined> {
    const caughtUp = this.queue.then(() => this.catchUp());
    this.queue = caughtUp.catch(() => undefined); // a failed read fails this lookup, not every later one
    await caughtUp;
    const key = toHex(hash);
    const height = this.heights.get(key);
    if (height === undefined) return undefined;
    const block = await this.store.blockAt(height);
    const index = this.blocks[height]?.txs.indexOf(key) ?? -1;
    const tx = block?.txs[index];
    // The head may have moved since: answer only what the stored block still holds.
    if (!block || !tx || !bytesEqual(txHash(tx), hash)) return undefined;
    return { block, blockHash: blockHash(block.header), index };
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const top = this.blocks.at(-1);
      const headHeight = this.store.head.height;
      if (top && !(await this.onMainChain(top, this.blocks.length - 1, headHeight))) {
        this.dropTop();
        continue;
      }
      if (this.blocks.length > headHeight) return;
      const block = await this.store.blockAt(this.blocks.length);
      if (!block) return;
      if (top && !bytesEqual(block.header.parentHash, top.hash)) {
        this.dropTop(); // the chain changed between the two reads
        continue;
      }
      this.push(block);
    }
  }

  private async onMainChain(entry: IndexedBlock, height: number, headHeight: number): Promise<boolean> {
    const stored = height <= headHeight ? await this.store.blockAt(height) : undefined;
    return stored !== undefined && bytesEqual(blockHash(stored.header), entry.hash);
  }

  private push(block: Block): void {
    const txs = block.txs.map((tx) => toHex(txHash(tx)));
    for (const h of txs) this.heights.set(h, this.blocks.length);
    this.blocks.push({ hash: blockHash(block.header), txs });
  }

  private dropTop(): void {
    for (const h of this.blocks.pop()!.txs) this.heights.delete(h);
  }
}
