// Walks back through stored blocks: the recent timestamps the median rule needs, the branch that joins a side block
// to the main chain (for a reorganisation), and the state after a side block.
import { MEDIAN_TIME_SPAN } from '../../consensus/timestamp-rules.js';
import type { Block } from '../../chain/block.js';
import { blockInput } from '../../chain/apply-block.js';
import { executeBlock } from '../../chain/execute.js';
import type { Activations } from '../../chain/governance/decision.js';
import { blockHash, type BlockHeader } from '../../chain/header.js';
import type { ChainParams } from '../../chain/params.js';
import type { State } from '../../chain/state.js';
import { revertBlock } from '../../chain/undo.js';
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

/** The stored blocks from just after height `forkHeight` up to `tip`, oldest first (empty when `tip` is there). */
export async function branchTo(store: ChainStore, tip: Uint8Array, forkHeight: number): Promise<Block[]> {
  const branch: Block[] = [];
  let block = await storedBlock(store, tip);
  while (block.header.height > forkHeight) {
    branch.unshift(block);
    block = await storedBlock(store, block.header.parentHash);
  }
  return branch;
}

/** The block at `height` on the branch ending at the stored block `tip` (the main chain's below its fork point). */
export async function blockOnBranch(store: ChainStore, tip: Uint8Array, height: number): Promise<Block | undefined> {
  const meta = await store.meta(tip);
  if (!meta || height <= Math.min(meta.forkHeight, store.head.height)) return store.blockAt(height);
  let block = await storedBlock(store, tip);
  while (block.header.height > height) block = await storedBlock(store, block.header.parentHash);
  return block.header.height === height ? block : undefined;
}

/**
 * The state after the stored block `tip`, whose branch leaves the main chain at `forkHeight`, computed in memory
 * without touching the head: the head's state reverted to the fork point with the main chain's undo records, then
 * the branch executed again (each of its blocks was verified, state root included, when it was stored), each with
 * the verdicts on the activations it makes (`activations`, given its parent and the state after it).
 */
export async function stateAfter(
  store: ChainStore,
  params: ChainParams,
  tip: Uint8Array,
  forkHeight: number,
  activations: (parent: BlockHeader, state: State) => Promise<Activations>,
): Promise<State> {
  let state = store.state;
  for (let h = store.head.height; h > forkHeight; h--) state = revertBlock(state, await store.undoAt(h));
  for (const { header, txs } of await branchTo(store, tip, forkHeight)) {
    const digest = (await store.meta(blockHash(header)))?.paramsDigest;
    const parent = (await storedBlock(store, header.parentHash)).header;
    state = executeBlock(
      params,
      state,
      blockInput(params, header),
      txs,
      await activations(parent, state),
      digest,
    ).state;
  }
  return state;
}
