// Walks back through stored blocks: the recent timestamps the median rule needs, and the branch that joins a
// side block to the main chain.
import { MEDIAN_TIME_SPAN } from '../../consensus/timestamp-rules.js';
import type { Block } from '../../chain/block.js';
import { blockHash, type BlockHeader } from '../../chain/header.js';
import type { ChainStore } from '../db/chain-store.js';
import { StoreError } from '../db/errors.js';
import { toHex } from '../../codec/hex.js';

export async function storedBlock(store: ChainStore, hash: Uint8Array): Promise<Block> {
  const block = await store.blockByHash(hash);
  if (!block) throw new StoreError('not-found', `block ${toHex(hash)} is not stored`);
  return block;
}

/** Timestamps of `parent` and up to 10 of its ancestors, oldest first. */
export async function recentTimestamps(store: ChainStore, parent: BlockHeader): Promise<number[]> {
  const out = [parent.timestamp];
  let h = parent;
  while (out.length < MEDIAN_TIME_SPAN && h.height > 0) {
    h = (await storedBlock(store, h.parentHash)).header;
    out.unshift(h.timestamp);
  }
  return out;
}

/** The blocks from just after the main chain up to `tip`, oldest first (empty when `tip` is on the main chain). */
export async function branchTo(store: ChainStore, tip: Uint8Array): Promise<Block[]> {
  const branch: Block[] = [];
  let block = await storedBlock(store, tip);
  while (!(await store.isOnMainChain(blockHash(block.header), block.header.height))) {
    branch.unshift(block);
    block = await storedBlock(store, block.header.parentHash);
  }
  return branch;
}

/** True when `tip` or one of its ancestors off the main chain was marked invalid. */
export async function onInvalidBranch(store: ChainStore, tip: Uint8Array): Promise<boolean> {
  for (const block of await branchTo(store, tip)) {
    if ((await store.meta(blockHash(block.header)))?.invalid) return true;
  }
  return false;
}
