// The node's chain: verifies incoming blocks (src/consensus/verify-block.ts), stores every valid one, main chain
// or side branch, and follows the heaviest valid chain (src/consensus/fork-choice.ts). A reorganisation reverts
// to the common ancestor and imports the branch, each step one atomic batch; a branch block whose state
// transition fails is marked invalid and the node settles on the best valid chain again. Blocks up to 4 s in the
// future are held until their time (farther ones are refused, not held). Finality: a block whose branch leaves the
// main chain more than maxReorgDepth blocks below the head is refused ('reorg-too-deep'); checkpoints are checked
// by verifyBlock. Nothing is evaluated twice: evaluations are cached by (model root, problem id), and the hashes of
// blocks refused for good are remembered and refused again at once (verdict-cache.ts); precheck() runs every rule
// that needs no model file, for the importer to call before it fetches one.
import type { Block } from '../../chain/block.js';
import { BlockError } from '../../chain/errors.js';
import { blockHash, type BlockHeader } from '../../chain/header.js';
import { bytesEqual, toHex } from '../../codec/hex.js';
import { blockWeight, isBetterTip, type ChainTip } from '../../consensus/fork-choice.js';
import type { ConsensusRules } from '../../consensus/rules.js';
import { checkHeader } from '../../consensus/check-header.js';
import { checkingTime, MAX_FUTURE_SECONDS } from '../../consensus/timestamp-rules.js';
import { verifyBlock, type Evaluate } from '../../consensus/verify-block.js';
import type { Measured } from '../../ml/eval/ordered.js';
import type { ChainStore } from '../db/chain-store.js';
import type { ModelStore } from '../models/model-store.js';
import type { Mempool } from '../mempool/mempool.js';
import { branchTo, onInvalidBranch, recentTimestamps, storedBlock } from './ancestry.js';
import { cachedEvaluate, DEFAULT_INVALID_BLOCKS, DEFAULT_VERDICT_CACHE, isFinalRefusal, Lru } from './verdict-cache.js';

export type ImportOutcome =
  | { readonly status: 'head'; readonly reverted: number }
  | { readonly status: 'side' }
  | { readonly status: 'known' }
  /** From the future: held, and checked again by releaseHeld() from `until` on. */
  | { readonly status: 'held'; readonly until: number };

/** At most this many blocks are held at once (each is at most 4 s ahead of the clock). */
export const MAX_HELD_BLOCKS = 64;

export interface ChainCaches {
  /** Evaluation results remembered, by (model root, problem id). */
  readonly verdicts?: number;
  /** Hashes of blocks refused for good, remembered. */
  readonly invalidBlocks?: number;
}

export class ChainManager {
  private readonly held = new Map<string, Block>();
  private readonly headListeners = new Set<(head: BlockHeader) => void>();
  private submitting: Promise<unknown> = Promise.resolve();
  private readonly evaluate: Evaluate;
  private readonly invalid: Lru<string, BlockError>;

  constructor(
    readonly store: ChainStore,
    readonly models: ModelStore,
    readonly rules: ConsensusRules,
    evaluate: Evaluate,
    private readonly mempool?: Mempool,
    caches: ChainCaches = {},
  ) {
    this.evaluate = cachedEvaluate(
      evaluate,
      rules.problemId,
      new Lru<string, Measured>(caches.verdicts ?? DEFAULT_VERDICT_CACHE),
    );
    this.invalid = new Lru(caches.invalidBlocks ?? DEFAULT_INVALID_BLOCKS);
  }

  get head(): BlockHeader {
    return this.store.head;
  }

  /** Calls `listener` with every new head; returns the unsubscribe function. */
  onHead(listener: (head: BlockHeader) => void): () => void {
    this.headListeners.add(listener);
    return () => this.headListeners.delete(listener);
  }

  /**
   * Verifies and stores `block` (its model already in the model store); throws the BlockError of an invalid one.
   * Calls are serialised (the miner, gossip and sync submit concurrently): each sees the store its predecessor left.
   */
  submit(block: Block, now: number): Promise<ImportOutcome> {
    const outcome = this.submitting.then(() => this.refusing(block, () => this.submitNow(block, now)));
    this.submitting = outcome.catch(() => undefined);
    return outcome;
  }

  /** Throws the remembered refusal of a block already found invalid (by its hash), without checking it again. */
  refuseKnownInvalid(hash: Uint8Array): void {
    const known = this.invalid.get(toHex(hash));
    if (known) throw new BlockError(known.code, `${known.detail} (refused before)`, known.txIndex);
  }

  /**
   * Every rule decidable without the model file (checkHeader), for a block whose parent is stored: the importer
   * runs it before fetching the model, so a bogus header costs no download. A block from the near future passes
   * (submit holds it once its model is here); a final refusal is remembered like submit's.
   */
  precheck(block: Block, now: number): Promise<void> {
    return this.refusing(block, async () => {
      const { header } = block;
      this.refuseKnownInvalid(blockHash(header));
      if (await onInvalidBranch(this.store, header.parentHash)) {
        throw new BlockError('bad-parent', `parent ${toHex(header.parentHash)} is invalid`);
      }
      const parent = (await storedBlock(this.store, header.parentHash)).header;
      const at = checkingTime(header.timestamp, now);
      checkHeader(this.rules, block, { parent, recentTimestamps: await recentTimestamps(this.store, parent), now: at });
    });
  }

  /** Runs `check`, remembering a final refusal of `block` by its hash. */
  private async refusing<T>(block: Block, check: () => Promise<T>): Promise<T> {
    try {
      return await check();
    } catch (err) {
      const key = toHex(blockHash(block.header));
      if (isFinalRefusal(err) && !this.invalid.has(key)) this.invalid.set(key, err);
      throw err;
    }
  }

  private async submitNow(block: Block, now: number): Promise<ImportOutcome> {
    const hash = blockHash(block.header);
    this.refuseKnownInvalid(hash);
    if (await this.store.meta(hash)) return { status: 'known' };
    const parent = (await storedBlock(this.store, block.header.parentHash)).header;
    const parentMeta = (await this.store.meta(block.header.parentHash))!;
    if (await onInvalidBranch(this.store, block.header.parentHash)) {
      throw new BlockError('bad-parent', `parent ${toHex(block.header.parentHash)} is invalid`);
    }
    await this.checkReorgDepth(block.header, parent);
    const extendsHead = bytesEqual(block.header.parentHash, blockHash(this.head));
    let verified;
    try {
      verified = await verifyBlock(
        this.rules,
        block,
        {
          parent,
          // The head's state checks the transactions and the chain-wide model uniqueness before the costly
          // evaluation; a side block's are checked if its branch is ever chosen.
          parentState: extendsHead ? this.store.state : undefined,
          recentTimestamps: await recentTimestamps(this.store, parent),
          now,
          modelFile: await this.models.get(block.header.modelRoot),
        },
        this.evaluate,
      );
    } catch (err) {
      if (!(err instanceof BlockError && err.code === 'timestamp-from-the-future')) throw err;
      if (this.held.size >= MAX_HELD_BLOCKS && !this.held.has(toHex(hash))) throw err;
      this.held.set(toHex(hash), block);
      return { status: 'held', until: block.header.timestamp - MAX_FUTURE_SECONDS };
    }
    // Not stored yet, so seen after every stored tip: an equal weight keeps the head.
    const tip: ChainTip = {
      hash,
      totalWeight: parentMeta.totalWeight + blockWeight(verified.thresholdBp),
      arrival: Number.MAX_SAFE_INTEGER,
    };
    const better = isBetterTip(tip, await this.headTip());
    if (extendsHead && better) {
      await this.store.importBlock(block, verified.paramsDigest);
      this.mempool?.removeMined(block.txs, this.store.state);
      this.emitHead();
      return { status: 'head', reverted: 0 };
    }
    await this.store.storeSideBlock(block, verified.paramsDigest);
    if (!better) return { status: 'side' };
    const reverted = await this.reorgTo(hash);
    return bytesEqual(blockHash(this.head), hash) ? { status: 'head', reverted } : { status: 'side' };
  }

  /** Refuses a block whose branch leaves the main chain more than maxReorgDepth blocks below the head. */
  private async checkReorgDepth(header: BlockHeader, parent: BlockHeader): Promise<void> {
    const forkHeight = await this.forkHeight(header.parentHash, parent.height);
    const depth = this.head.height - forkHeight;
    if (depth > this.rules.params.maxReorgDepth) {
      throw new BlockError(
        'reorg-too-deep',
        `its branch leaves the main chain at height ${forkHeight}, ${depth} blocks below the head (the limit is ${this.rules.params.maxReorgDepth})`,
      );
    }
  }

  /** Height of the main-chain block where the branch ending at `tip` (of height `height`) leaves the main chain. */
  private async forkHeight(tip: Uint8Array, height: number): Promise<number> {
    const branch = await branchTo(this.store, tip);
    return branch.length > 0 ? branch[0].header.height - 1 : height;
  }

  /** When the earliest held block may be released (for the caller's timer); undefined when none is held. */
  nextRelease(): number | undefined {
    let until: number | undefined;
    for (const block of this.held.values())
      until = Math.min(until ?? Infinity, block.header.timestamp - MAX_FUTURE_SECONDS);
    return until;
  }

  /** Submits again the held blocks whose time has come; returns how many were accepted. */
  async releaseHeld(now: number): Promise<number> {
    let accepted = 0;
    for (const [key, block] of this.held) {
      if (block.header.timestamp > now + MAX_FUTURE_SECONDS) continue;
      this.held.delete(key);
      const outcome = await this.submit(block, now).catch((err) =>
        err instanceof BlockError ? undefined : Promise.reject(err),
      );
      if (outcome && outcome.status !== 'held') accepted++;
    }
    return accepted;
  }

  /**
   * Moves to the heaviest valid stored tip, equal weights going to the one stored first (after an invalid branch,
   * or on opening a database killed mid-reorg); a tip whose branch forks deeper than maxReorgDepth is left alone.
   */
  async settle(): Promise<void> {
    let best = await this.headTip();
    for await (const [hash, meta] of this.store.allMeta()) {
      const tip = { hash, totalWeight: meta.totalWeight, arrival: meta.arrival };
      if (meta.invalid || !isBetterTip(tip, best) || (await onInvalidBranch(this.store, hash))) continue;
      const height = (await storedBlock(this.store, hash)).header.height;
      if (this.head.height - (await this.forkHeight(hash, height)) <= this.rules.params.maxReorgDepth) best = tip;
    }
    if (!bytesEqual(best.hash, blockHash(this.head))) await this.reorgTo(best.hash);
  }

  private async headTip(): Promise<ChainTip> {
    const hash = blockHash(this.head);
    const meta = (await this.store.meta(hash))!;
    return { hash, totalWeight: meta.totalWeight, arrival: meta.arrival };
  }

  /** Reverts to the common ancestor of the head and `tip`, then imports the branch up to `tip`. */
  private async reorgTo(tip: Uint8Array): Promise<number> {
    const branch = await branchTo(this.store, tip);
    // An empty branch: `tip` is a main-chain ancestor of the head (possible only with zero-weight blocks).
    const ancestorHeight =
      branch.length > 0 ? branch[0].header.height - 1 : (await storedBlock(this.store, tip)).header.height;
    const undone: Block[] = [];
    while (this.head.height > ancestorHeight) undone.push(await this.store.revertHead());
    for (const block of branch) {
      const hash = blockHash(block.header);
      try {
        await this.store.importBlock(block, (await this.store.meta(hash))!.paramsDigest);
        this.mempool?.removeMined(block.txs, this.store.state);
      } catch (err) {
        if (!(err instanceof BlockError)) throw err;
        await this.store.markInvalid(hash);
        break;
      }
    }
    this.mempool?.readmit(
      undone.flatMap((b) => b.txs),
      this.store.state,
    );
    if (!bytesEqual(blockHash(this.head), tip)) await this.settle();
    this.emitHead();
    return undone.length;
  }

  private emitHead(): void {
    for (const listener of this.headListeners) listener(this.head);
  }
}
