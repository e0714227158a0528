// The node's chain: verifies incoming blocks (src/consensus/verify-block.ts), stores every valid one, main chain
// or side branch, and follows the heaviest valid chain (src/consensus/fork-choice.ts). Every block is verified in
// full on the state after its own parent, a side block's computed in memory from its fork point (ancestry.ts,
// with the states after recent side blocks cached), so a verdict never depends on this node's head. A
// reorganisation reverts to the common ancestor and imports the branch, each step one atomic batch; a branch block
// whose import fails (possible only for a database written by other rules) is marked invalid and the node settles
// on the best valid chain again. Before any of that a block's branch is checked from its parent's meta alone
// (checkBranch: no walk): not invalid, forking at most maxReorgDepth below the head ('reorg-too-deep'), able to
// outweigh the head ('branch-too-light'), its parent not already holding MAX_CHILDREN children. Checkpoints are
// checked by verifyBlock. Blocks up to 4 s in the future are held until their time, within limits by count, by
// model bytes and per peer (farther ones are refused, not held). Nothing is evaluated twice: evaluations are cached
// by (model root, problem id), and the hashes of blocks refused for good are remembered and refused again at once
// (verdict-cache.ts); precheck() runs every rule that needs no model file, for the importer to call before it
// fetches one. Model files are kept only while a stored or held block, or an import in progress (useModel), needs
// them: a refused or dropped block's file goes, and so do the side branches that fall below the finality depth.
// With a model cache (ChainCaches.modelCache, bytes), a main-chain block's file is kept past its verification only
// while the block is the head (so that the peers its gossip reaches can fetch the model from us), then only if the
// node wants it (wantModels: assigned to it as a keeper, being fetched by its keeper, a data-set file) or it fits
// the least-recently-used cache; side blocks keep theirs until pruned. Without one, every stored block's file stays.
// How long each accepted block's verification took here is remembered for the last VERIFICATIONS_KEPT blocks (for
// the explorer; node-local, never stored). With assume-valid (assume-valid.ts), the assumed block and its ancestors
// are verified without the evaluation.
import type { Block } from '../../chain/block.js';
import { BlockError } from '../../chain/errors.js';
import { blockHash, type BlockHeader } from '../../chain/header.js';
import { bytesEqual, hexBytes, toHex } from '../../codec/hex.js';
import { blockWeight, isBetterTip, type ChainTip } from '../../consensus/fork-choice.js';
import { BASIS_POINTS } from '../../consensus/score.js';
import { threshold } from '../../consensus/threshold.js';
import type { State } from '../../chain/state.js';
import type { BlockMeta } from '../db/block-meta.js';
import { UnknownRulesError, type ConsensusRules } from '../../consensus/rules.js';
import { checkHeader } from '../../consensus/check-header.js';
import { checkingTime, MAX_FUTURE_SECONDS } from '../../consensus/timestamp-rules.js';
import { verifyBlock, type Evaluate } from '../../consensus/verify-block.js';
import type { Dataset } from '../../ml/data/dataset.js';
import type { Measured } from '../../ml/eval/ordered.js';
import type { ChainStore } from '../db/chain-store.js';
import { StoreError } from '../db/errors.js';
import { ModelCache } from '../models/model-cache.js';
import type { ObjectStore } from '../models/object-store.js';
import type { Mempool } from '../mempool/mempool.js';
import { blockOnBranch, branchTo, recentTimestamps, stateAfter, storedBlock } from './ancestry.js';
import type { AssumeValid } from './assume-valid.js';
import { RulesRegistry } from './rules-registry.js';
import type { Activations } from '../../chain/governance/decision.js';
import { cachedEvaluate, DEFAULT_INVALID_BLOCKS, DEFAULT_VERDICT_CACHE, isFinalRefusal, Lru } from './verdict-cache.js';

export type ImportOutcome =
  | { readonly status: 'head'; readonly reverted: number }
  | { readonly status: 'side' }
  | { readonly status: 'known' }
  /** From the future: held, and checked again by releaseHeld() from `until` on. */
  | { readonly status: 'held'; readonly until: number };

/** What the held set (blocks at most 4 s ahead of the clock) may take: beyond it a block is refused, not held. */
export interface HeldLimits {
  readonly blocks: number;
  /** Sum of the held blocks' model sizes: their files wait in the model store. */
  readonly bytes: number;
  /** Blocks held for one peer (the one that sent them). */
  readonly perPeer: number;
}

export const DEFAULT_HELD: HeldLimits = { blocks: 64, bytes: 64 * 2 ** 20, perPeer: 8 };

/** A parent with this many stored children takes no more (each costs a verifier an evaluation). */
export const MAX_CHILDREN = 8;

/** The most a block can weigh: a threshold of 100% (scores are at most BASIS_POINTS). */
const MAX_BLOCK_WEIGHT = blockWeight(BASIS_POINTS);

export interface ChainCaches {
  /** Evaluation results remembered, by (model root, problem id). */
  readonly verdicts?: number;
  /** Hashes of blocks refused for good, remembered. */
  readonly invalidBlocks?: number;
  /** States after side blocks remembered (by block hash), so extending a side branch replays nothing. */
  readonly sideStates?: number;
  readonly held?: HeldLimits;
  /** Bytes of main-chain model files kept without being wanted (model-cache.ts); absent: every file is kept. */
  readonly modelCache?: number;
}

/** How long verifying a block took on this node, and how many validation samples it evaluated for it. */
export interface BlockVerification {
  readonly ms: number;
  /** 0 when an earlier evaluation of the same model decided the claim, or assume-valid skipped it. */
  readonly samples: number;
  /** From a peer (gossip or sync), or submitted by this node's miner. */
  readonly received: boolean;
}

/** Verification times are remembered for this many recently accepted blocks. */
export const VERIFICATIONS_KEPT = 1000;

/** The states after this many recent side blocks are remembered by default. */
export const DEFAULT_SIDE_STATES = 16;

interface Held {
  readonly block: Block;
  readonly from: string | undefined;
}

/** Blocks kept waiting for a proposal's content (unknown-rules), to be judged again when it arrives. */
export const MAX_AWAITING_RULES = 16;
/** Bytes of their model files kept meanwhile. */
export const MAX_AWAITING_BYTES = 64 * 2 ** 20;

export class ChainManager {
  private readonly held = new Map<string, Held>();
  /** Blocks that got unknown-rules, with the clock reading they arrived at: judged again when content arrives. */
  private readonly awaiting = new Map<string, Held & { readonly now: number }>();
  private awaitingBytes = 0;
  private heldBytes = 0;
  private readonly heldLimits: HeldLimits;
  private readonly headListeners = new Set<(head: BlockHeader) => void>();
  private submitting: Promise<unknown> = Promise.resolve();
  /** The cached, counted evaluator of each problem, by problem id (hex). */
  private readonly evaluators = new Map<string, Evaluate>();
  private readonly evaluations: Lru<string, Measured>;
  private readonly genesisEvaluate: Evaluate;
  /** The problems and grammars this node has loaded; blocks are judged by the ones their parent's state names. */
  readonly registry: RulesRegistry;
  private readonly invalid: Lru<string, BlockError>;
  private readonly sideStates: Lru<string, State>;
  private readonly verifications = new Lru<string, BlockVerification>(VERIFICATIONS_KEPT);
  /** Samples the evaluator evaluated during the current submit (submits are serialised). */
  private samplesNow = 0;
  /** Model roots in use by imports in progress (useModel), and those of them to discard once free. */
  private readonly inUse = new Map<string, number>();
  private readonly doomed = new Set<string>();
  /** Side branches leaving the main chain at or below this height have been pruned. */
  private pruned: number;
  private readonly cache: ModelCache | undefined;
  /** Main-chain blocks up to this height have had their model file put to the cache (or kept as wanted). */
  private retained: number;
  private wanted: (root: Uint8Array) => boolean = () => false;

  constructor(
    readonly store: ChainStore,
    readonly models: ObjectStore,
    /** The genesis rules (chain parameters, which governance does not change, included). */
    readonly rules: ConsensusRules,
    /** The genesis problem's evaluator; the registry gives the others'. */
    evaluate: Evaluate,
    private readonly mempool?: Mempool,
    caches: ChainCaches = {},
    /** The node's assume-valid policy, when its user names a block (sync tells it the headers it proves). */
    readonly assumeValid?: AssumeValid,
    registry?: RulesRegistry,
  ) {
    this.genesisEvaluate = evaluate;
    this.registry = registry ?? new RulesRegistry(rules.params, rules);
    this.registry.onContent(() => void this.retryAwaiting().catch(() => undefined));
    this.evaluations = new Lru<string, Measured>(caches.verdicts ?? DEFAULT_VERDICT_CACHE);
    this.invalid = new Lru(caches.invalidBlocks ?? DEFAULT_INVALID_BLOCKS);
    this.sideStates = new Lru(caches.sideStates ?? DEFAULT_SIDE_STATES);
    this.heldLimits = caches.held ?? DEFAULT_HELD;
    this.pruned = Math.max(-1, store.head.height - rules.params.maxReorgDepth - 1);
    this.cache = caches.modelCache === undefined ? undefined : new ModelCache(caches.modelCache);
    this.retained = store.head.height - 1;
  }

  /**
   * Files `wanted` says yes to are kept whatever the cache holds (the keeper's assignments, the data set's files).
   * When it stops wanting one, the caller drops it with releaseModel.
   */
  wantModels(wanted: (root: Uint8Array) => boolean): void {
    this.wanted = wanted;
  }

  /**
   * `root` is no longer wanted: a main-chain block's file goes to the cache like any other (what it evicts is
   * dropped), else it is deleted unless something still needs it (a block, an import, `wantModels`).
   */
  releaseModel(root: Uint8Array, size: number): Promise<void> {
    return this.serialised(async () => {
      const evicted = this.cache && (await this.store.modelReferenced(root)) ? this.cache.add(toHex(root), size) : [];
      for (const key of evicted) await this.discardModel(hexBytes(key));
      await this.discardModel(root);
    });
  }

  /** Bytes of model files the cache holds (0 without a cache). */
  get cachedBytes(): number {
    return this.cache?.bytes ?? 0;
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
   * `from`: the peer that sent it, whose share of the held set it counts against.
   */
  submit(block: Block, now: number, from?: string): Promise<ImportOutcome> {
    return this.serialised(() => this.refusing(block, () => this.submitNow(block, now, from)));
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const outcome = this.submitting.then(task);
    this.submitting = outcome.catch(() => undefined);
    return outcome;
  }

  /**
   * Keeps the model file of `root` while a block using it is imported (fetched, checked, submitted), so that the
   * refusal of another block with the same model cannot delete it in between; returns the release, which discards
   * the file if a refusal asked for that meanwhile and nothing stored or held needs it.
   */
  useModel(root: Uint8Array): () => void {
    const key = toHex(root);
    this.inUse.set(key, (this.inUse.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.inUse.get(key)! - 1;
      if (left > 0) return void this.inUse.set(key, left);
      this.inUse.delete(key);
      if (this.doomed.delete(key)) void this.serialised(() => this.discardModel(root)).catch(() => undefined);
    };
  }

  /**
   * Deletes the model file of `root` unless a held block, an import in progress, wantModels or the cache needs it,
   * or a stored block does: any, without a cache; with one, the head or a side block.
   */
  private async discardModel(root: Uint8Array): Promise<void> {
    const key = toHex(root);
    if (this.inUse.has(key)) return void this.doomed.add(key);
    for (const { block } of [...this.held.values(), ...this.awaiting.values()])
      if (bytesEqual(block.header.modelRoot, root)) return;
    if (this.wanted(root) || this.cache?.has(key)) return;
    if (!(await this.blockNeeds(root))) await this.models.delete(root);
  }

  private async blockNeeds(root: Uint8Array): Promise<boolean> {
    if (!this.cache) return this.store.modelReferenced(root);
    const head = blockHash(this.head);
    for (const hash of await this.store.modelReferences(root)) {
      if (bytesEqual(hash, head)) return true;
      const meta = await this.store.meta(hash);
      if (meta && !(await this.store.isOnMainChain(hash, meta.forkHeight))) return true;
    }
    return false;
  }

  /** Puts the files of the main-chain blocks below the head not yet retained to the cache, dropping what it evicts. */
  private async retainModels(): Promise<void> {
    if (!this.cache) return;
    for (; this.retained < this.head.height - 1;) {
      const block = await this.store.blockAt(++this.retained);
      if (!block || block.header.height === 0) continue;
      const { modelRoot, modelSize } = block.header;
      if (this.wanted(modelRoot)) continue; // kept apart from the cache, and released to it by releaseModel
      for (const evicted of this.cache.add(toHex(modelRoot), modelSize)) await this.discardModel(hexBytes(evicted));
    }
  }

  /**
   * Deletes every model file no stored block commits to: what a node stopped or killed with blocks held, or
   * between a refusal and its deletion, left behind. For opening, before anything is held or imported; returns
   * how many files went.
   */
  async sweepModels(): Promise<number> {
    let removed = 0;
    for (const root of await this.models.roots()) {
      const size = await this.cacheableSize(root);
      if (size !== undefined)
        for (const evicted of this.cache!.add(toHex(root), size)) removed += await this.sweep(evicted);
      else removed += await this.sweep(toHex(root));
    }
    return removed;
  }

  /** Deletes the file of `key` (hex root) unless something needs it; 1 when it went. */
  private async sweep(key: string): Promise<number> {
    const root = hexBytes(key);
    if (this.wanted(root) || this.cache?.has(key) || (await this.blockNeeds(root))) return 0;
    await this.models.delete(root);
    return 1;
  }

  /** The size of the stored file of `root` when only the cache may keep it: main-chain blocks below the head. */
  private async cacheableSize(root: Uint8Array): Promise<number | undefined> {
    if (!this.cache || this.wanted(root) || (await this.blockNeeds(root))) return undefined;
    const [hash] = await this.store.modelReferences(root);
    return hash && (await this.store.blockByHash(hash))?.header.modelSize;
  }

  /** How long this node took to verify the block `hash`, if it accepted it recently (since it started). */
  verification(hash: Uint8Array): BlockVerification | undefined {
    return this.verifications.get(toHex(hash));
  }

  /** Throws the remembered refusal of a block already found invalid (by its hash), without checking it again. */
  refuseKnownInvalid(hash: Uint8Array): void {
    const known = this.invalid.get(toHex(hash));
    if (known) throw new BlockError(known.code, `${known.detail} (refused before)`, known.txIndex);
  }

  /**
   * Refuses a block whose parent was refused for good ('bad-parent'): no chain through it can be valid, so the block
   * is judged at once, before sync would ask its sender for a parent we already know to be invalid.
   */
  refuseChildOfInvalid(header: BlockHeader): void {
    const known = this.invalid.get(toHex(header.parentHash));
    if (known) throw new BlockError('bad-parent', `parent ${toHex(header.parentHash)} was refused: ${known.code}`);
  }

  /**
   * Every rule decidable without the model file (checkHeader, then checkBranch), for a block whose parent is
   * stored: the importer runs it before fetching the model, so a bogus or hopeless header costs no download. A block from the near future passes
   * (submit holds it once its model is here); a final refusal is remembered like submit's. Returns the rules it was
   * judged by (its parent's state's).
   */
  precheck(block: Block, now: number): Promise<ConsensusRules> {
    return this.refusing(block, async () => {
      const { header } = block;
      this.refuseKnownInvalid(blockHash(header));
      const parent = (await storedBlock(this.store, header.parentHash)).header;
      const at = checkingTime(header.timestamp, now);
      const recent = await recentTimestamps(this.store, parent);
      const rules = await this.rulesAfter(parent);
      const { thresholdBp } = checkHeader(rules, block, { parent, recentTimestamps: recent, now: at });
      await this.checkBranch(header, thresholdBp);
      return rules;
    });
  }

  /**
   * Runs `check`, remembering a final refusal of `block` by its hash; a refused block's model file is discarded
   * (unless something else needs it), so refusals cannot fill the model store.
   */
  private async refusing<T>(block: Block, check: () => Promise<T>): Promise<T> {
    try {
      return await check();
    } catch (err) {
      const key = toHex(blockHash(block.header));
      if (isFinalRefusal(err) && !this.invalid.has(key)) this.invalid.set(key, err);
      if (err instanceof BlockError) await this.discardModel(block.header.modelRoot);
      throw err;
    }
  }

  /**
   * The checks of `header`'s branch, each from stored meta (O(1) reads, however long the branch): its parent is
   * not on an invalid branch, it forks at most maxReorgDepth below the head, and, off the head, it could still
   * outweigh the head (its weight with `thresholdBp` plus MAX_BLOCK_WEIGHT for each block its branch may still
   * take within maxReorgDepth blocks of its fork point) and its parent has fewer than MAX_CHILDREN children.
   * Returns the parent's meta.
   */
  private async checkBranch(header: BlockHeader, thresholdBp: number): Promise<BlockMeta> {
    const parentMeta = await this.store.meta(header.parentHash);
    if (!parentMeta) throw new StoreError('not-found', `parent ${toHex(header.parentHash)} is not stored`);
    if (parentMeta.invalid) throw new BlockError('bad-parent', `parent ${toHex(header.parentHash)} is invalid`);
    const limit = this.rules.params.maxReorgDepth;
    const { forkHeight } = parentMeta;
    const depth = this.head.height - forkHeight;
    if (depth > limit) {
      throw new BlockError(
        'reorg-too-deep',
        `its branch leaves the main chain at height ${forkHeight}, ${depth} blocks below the head (the limit is ${limit})`,
      );
    }
    if (bytesEqual(header.parentHash, blockHash(this.head))) return parentMeta;
    const weight = parentMeta.totalWeight + blockWeight(thresholdBp);
    const more = BigInt(Math.max(0, limit - (header.height - forkHeight)));
    const head = await this.headTip();
    if (weight + more * MAX_BLOCK_WEIGHT <= head.totalWeight) {
      throw new BlockError(
        'branch-too-light',
        `its branch weighs ${weight} at height ${header.height}, the head ${head.totalWeight}: ${more} more blocks cannot outweigh it`,
      );
    }
    if ((await this.store.children(header.parentHash, MAX_CHILDREN)).length >= MAX_CHILDREN) {
      throw new BlockError('too-many-siblings', `parent ${toHex(header.parentHash)} has ${MAX_CHILDREN} children`);
    }
    return parentMeta;
  }

  /** The evaluator of `rules`' problem, behind the shared cache by (model root, problem id), its samples counted. */
  private evaluatorFor(rules: ConsensusRules): Evaluate {
    const key = toHex(rules.problemId);
    const known = this.evaluators.get(key);
    if (known) return known;
    const inner = bytesEqual(rules.problemId, this.rules.problemId)
      ? this.genesisEvaluate
      : this.registry.evaluator(rules.problemId);
    const evaluate = cachedEvaluate(
      async (model, file, check) => {
        const measured = await inner(model, file, check);
        this.samplesNow += measured.evaluated;
        return measured;
      },
      rules.problemId,
      this.evaluations,
    );
    this.evaluators.set(key, evaluate);
    return evaluate;
  }

  /** The rules blocks on the head are judged by, and the data set of its problem when loaded (the miner's). */
  headRules(): { readonly rules: ConsensusRules; readonly dataset: Dataset | undefined } {
    const rules = this.registry.rulesFor(this.store.state);
    return { rules, dataset: this.registry.dataset(rules.problemId) };
  }

  /**
   * The verdicts on the activations a block on `parent` (whose state is `state`) makes at its end: none before their
   * height; UnknownRulesError while a proposal's content is not at hand.
   */
  activations(parent: BlockHeader, state: State): Promise<Activations> {
    return this.registry.verdicts(state, parent.height + 1, (h) => blockOnBranch(this.store, blockHash(parent), h));
  }

  /** The state after `parent`: the head's, a remembered side state, or computed from the fork point. */
  private async stateAfter(parent: BlockHeader, meta: BlockMeta): Promise<State> {
    const hash = blockHash(parent);
    if (bytesEqual(hash, blockHash(this.head))) return this.store.state;
    const known = this.sideStates.get(toHex(hash));
    if (known) return known;
    const state = await stateAfter(this.store, this.rules.params, hash, meta.forkHeight, (p, s) =>
      this.activations(p, s),
    );
    this.sideStates.set(toHex(hash), state);
    return state;
  }

  /** The rules the state after `parent` names (7.1): unknown-rules when the registry has not loaded them. */
  private async rulesAfter(parent: BlockHeader): Promise<ConsensusRules> {
    const hash = blockHash(parent);
    const meta = await this.store.meta(hash);
    if (!meta) throw new StoreError('not-found', `parent ${toHex(hash)} is not stored`);
    return this.registry.rulesFor(await this.stateAfter(parent, meta));
  }

  private async submitNow(block: Block, now: number, from: string | undefined): Promise<ImportOutcome> {
    const { header } = block;
    const hash = blockHash(header);
    this.refuseKnownInvalid(hash);
    this.unpark(toHex(hash));
    if (await this.store.meta(hash)) return { status: 'known' };
    const parent = (await storedBlock(this.store, header.parentHash)).header;
    let rules: ConsensusRules;
    let activations: Activations;
    let parentMeta: BlockMeta;
    let parentState: State;
    try {
      rules = await this.rulesAfter(parent);
      parentMeta = await this.checkBranch(header, threshold(rules.problem.threshold, parent, header.timestamp));
      parentState = await this.stateAfter(parent, parentMeta);
      activations = await this.activations(parent, parentState);
    } catch (err) {
      // No verdict: the block waits, out of the store, for the content (retryAwaiting).
      if (err instanceof UnknownRulesError) this.park(block, from, now);
      throw err;
    }
    const extendsHead = bytesEqual(header.parentHash, blockHash(this.head));
    let verified;
    this.samplesNow = 0;
    const started = performance.now();
    try {
      verified = await verifyBlock(
        rules,
        block,
        {
          parent,
          // The transactions, the state root and the chain-wide model uniqueness, checked on the block's own chain
          // before the costly evaluation, for a side block as for one on the head.
          parentState,
          activations,
          recentTimestamps: await recentTimestamps(this.store, parent),
          now,
          modelFile: await this.models.get(header.modelRoot),
          assumedValid: this.assumeValid?.covers(hash) ?? false,
        },
        this.evaluatorFor(rules),
      );
    } catch (err) {
      if (!(err instanceof BlockError && err.code === 'timestamp-from-the-future')) throw err;
      return this.hold(block, from, err);
    }
    const ms = performance.now() - started;
    this.verifications.set(toHex(hash), { ms, samples: this.samplesNow, received: from !== undefined });
    this.assumeValid?.accepted(hash);
    // Not stored yet, so seen after every stored tip: an equal weight keeps the head.
    const tip: ChainTip = {
      hash,
      totalWeight: parentMeta.totalWeight + blockWeight(verified.thresholdBp),
      arrival: Number.MAX_SAFE_INTEGER,
    };
    const better = isBetterTip(tip, await this.headTip());
    if (extendsHead && better) {
      await this.store.importBlock(block, verified.paramsDigest, { activations, thresholdBp: verified.thresholdBp });
      this.mempool?.removeMined(block.txs, this.store.state, block.header.height + 1);
      await this.headMoved();
      return { status: 'head', reverted: 0 };
    }
    await this.store.storeSideBlock(block, verified.paramsDigest, verified.thresholdBp);
    this.sideStates.set(toHex(hash), verified.execution!.state);
    if (!better) return { status: 'side' };
    const reverted = await this.reorgTo(hash);
    return bytesEqual(blockHash(this.head), hash) ? { status: 'head', reverted } : { status: 'side' };
  }

  /** Holds a block from the near future, within the held limits; beyond them it is refused with `early`. */
  private hold(block: Block, from: string | undefined, early: BlockError): ImportOutcome {
    const key = toHex(blockHash(block.header));
    const until = block.header.timestamp - MAX_FUTURE_SECONDS;
    if (this.held.has(key)) return { status: 'held', until };
    const { blocks, bytes, perPeer } = this.heldLimits;
    const size = block.header.modelSize;
    const fromPeer = [...this.held.values()].filter((h) => from !== undefined && h.from === from).length;
    const full =
      this.held.size >= blocks
        ? `${blocks} blocks are held`
        : this.heldBytes + size > bytes
          ? `held models would pass ${bytes} bytes`
          : fromPeer >= perPeer
            ? `${perPeer} blocks are held for this peer`
            : undefined;
    if (full) throw new BlockError(early.code, `${early.detail}; not held: ${full}`);
    this.held.set(key, { block, from });
    this.heldBytes += size;
    return { status: 'held', until };
  }

  /**
   * Keeps a block that got unknown-rules (content not at hand yet), within MAX_AWAITING_RULES blocks and
   * MAX_AWAITING_BYTES of models, the oldest going first (sync fetches a dropped one again): not stored, no
   * verdict, its model file kept.
   */
  private park(block: Block, from: string | undefined, now: number): void {
    this.awaiting.set(toHex(blockHash(block.header)), { block, from, now });
    this.awaitingBytes += block.header.modelSize;
    while (this.awaiting.size > MAX_AWAITING_RULES || this.awaitingBytes > MAX_AWAITING_BYTES) {
      const [oldest, { block: dropped }] = this.awaiting.entries().next().value!;
      this.unpark(oldest);
      void this.discardModel(dropped.header.modelRoot).catch(() => undefined);
    }
  }

  private unpark(key: string): void {
    const parked = this.awaiting.get(key);
    if (!parked) return;
    this.awaiting.delete(key);
    this.awaitingBytes -= parked.block.header.modelSize;
  }

  /** Blocks waiting for a proposal's content (unknown-rules). */
  get awaitingRules(): number {
    return this.awaiting.size;
  }

  /**
   * Judges again the blocks that waited for content, lowest first, at the clock reading they arrived at (only
   * a timestamp too far ahead depends on the clock, and the clock has only moved on); returns how many were
   * accepted. Those still without content wait on.
   */
  async retryAwaiting(): Promise<number> {
    let accepted = 0;
    const waiting = [...this.awaiting.values()].sort((a, b) => a.block.header.height - b.block.header.height);
    for (const { block, from, now } of waiting) {
      const outcome = await this.submit(block, now, from).catch((err) =>
        err instanceof BlockError || err instanceof UnknownRulesError ? undefined : Promise.reject(err),
      );
      if (outcome && outcome.status !== 'held') accepted++;
    }
    return accepted;
  }

  /** When the earliest held block may be released (for the caller's timer); undefined when none is held. */
  nextRelease(): number | undefined {
    let until: number | undefined;
    for (const { block } of this.held.values())
      until = Math.min(until ?? Infinity, block.header.timestamp - MAX_FUTURE_SECONDS);
    return until;
  }

  /** How many blocks are held, and the sum of their model sizes. */
  get heldSize(): { readonly blocks: number; readonly bytes: number } {
    return { blocks: this.held.size, bytes: this.heldBytes };
  }

  /**
   * Submits again the held blocks whose time has come; returns how many were accepted. A refused one's model file
   * is discarded like that of any refused block.
   */
  async releaseHeld(now: number): Promise<number> {
    let accepted = 0;
    for (const [key, { block, from }] of this.held) {
      if (block.header.timestamp > now + MAX_FUTURE_SECONDS) continue;
      this.held.delete(key);
      this.heldBytes -= block.header.modelSize;
      const outcome = await this.submit(block, now, from).catch((err) =>
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
      if (meta.invalid || !isBetterTip(tip, best)) continue;
      if (this.head.height - meta.forkHeight <= this.rules.params.maxReorgDepth) best = tip;
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
    // The fork height of a main-chain tip is its own (an ancestor of the head: possible only with zero-weight blocks).
    const ancestorHeight = (await this.store.meta(tip))!.forkHeight;
    const branch = await branchTo(this.store, tip, ancestorHeight);
    const undone: Block[] = [];
    while (this.head.height > ancestorHeight) undone.push(await this.store.revertHead());
    for (const block of branch) {
      const hash = blockHash(block.header);
      try {
        const activations = await this.activations(this.head, this.store.state);
        await this.store.importBlock(block, (await this.store.meta(hash))!.paramsDigest, { activations });
        this.mempool?.removeMined(block.txs, this.store.state, block.header.height + 1);
      } catch (err) {
        if (!(err instanceof BlockError)) throw err;
        await this.store.markInvalid(hash);
        break;
      }
    }
    this.mempool?.readmit(
      undone.flatMap((b) => b.txs),
      this.store.state,
      this.head.height + 1,
    );
    if (!bytesEqual(blockHash(this.head), tip)) await this.settle();
    // The branch's blocks above the fork point were side blocks: they are retained as main-chain blocks now.
    this.retained = Math.min(this.retained, ancestorHeight);
    await this.headMoved();
    return undone.length;
  }

  /**
   * Tells the listeners, then prunes the side branches whose fork point has just fallen more than maxReorgDepth
   * below the head (they can no longer be chosen) and discards their model files.
   */
  private async headMoved(): Promise<void> {
    for (const listener of this.headListeners) listener(this.head);
    const head = await this.store.blockAt(this.head.height);
    this.registry.prefetch(this.store.state, (h) => this.store.blockAt(h), head);
    await this.retainModels();
    for (; this.pruned < this.head.height - this.rules.params.maxReorgDepth - 1;) {
      this.pruned++;
      for (const root of await this.store.pruneSideBranches(this.pruned)) await this.discardModel(root);
    }
  }
}
