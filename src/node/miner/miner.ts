// The miner: on the current head it builds a template, chooses an architecture by its policy (one work whose
// architecture fits its budgets, or a search among several: search.ts; a work is a nonce, or on a nonce-free chain
// a transaction set, order and reward address: works.ts), trains it against the falling threshold,
// and submits the block as soon as the exact score reaches the threshold (or, once training is over, when the
// threshold has fallen to the score). A new head abandons the candidates at once. Each block is mined by the rules
// of the head's state (its problem, data set and grammar: after an activation, the new ones) and trained on that
// problem's train split.
import { setTimeout as sleep } from 'node:timers/promises';
import { txRoot } from '../../chain/block.js';
import { buildBlock } from '../../chain/build-block.js';
import { blockHash, type BlockHeader } from '../../chain/header.js';
import type { State } from '../../chain/state.js';
import type { Transaction } from '../../chain/transaction.js';
import { bytesEqual, toHex } from '../../codec/hex.js';
import { paramsDigest } from '../../consensus/params-digest.js';
import { headerScore, scoreBp, type Score } from '../../consensus/score.js';
import { threshold, timeToReach } from '../../consensus/threshold.js';
import { medianTimePast } from '../../consensus/timestamp-rules.js';
import type { ConsensusRules } from '../../consensus/rules.js';
import type { Dataset } from '../../ml/data/dataset.js';
import { evaluateSplit } from '../../ml/eval/evaluate.js';
import { encodeModel } from '../../ml/model/codec.js';
import { recentTimestamps } from '../chain/ancestry.js';
import type { ChainManager } from '../chain/chain-manager.js';
import type { Activations } from '../../chain/governance/decision.js';
import type { Mempool, PriorityShare } from '../mempool/mempool.js';
import type { MinedBlock } from './events.js';
import { builtInTrainer, type CandidateTrainer } from './candidate-trainer.js';
import { minerHyperParams } from './hyper-params.js';
import type { MinerOptions } from './options.js';
import { NoFittingWork, pickCandidate, type Candidate } from './pick-candidate.js';
import { searchCandidates, type SearchOutcome } from './search.js';
import { trainCandidate } from './train-candidate.js';
import { minerWorks, refuseBroken, type Work, type WorkSource } from './works.js';
import { resolveHyperParams } from '../../ml/train/hyper-params.js';

/** The miner's priority share of a block of `maxTxs`: pending storage proofs, up to `share` of it, go first. */
export function proofsFirst(maxTxs: number, share: number): PriorityShare {
  return { selects: (tx) => tx.payload.kind === 'storage-proof', max: Math.floor(share * maxTxs) };
}

export class Miner {
  /** The trainer of each data set: opts.trainer (given `data`'s files) for `data`, the built-in one otherwise. */
  private readonly trainers = new Map<Dataset, CandidateTrainer>();
  /** The works of the template last mined on, kept while the parent and template stay: a nonce-free chain's
   * enumeration goes on where it stopped rather than offering the same works again. */
  private works?: { readonly key: string; readonly source: WorkSource };

  constructor(
    private readonly chain: ChainManager,
    /** The genesis problem's data set. */
    private readonly data: Dataset,
    private readonly opts: MinerOptions,
    private readonly mempool?: Mempool,
  ) {
    this.trainers.set(data, opts.trainer ?? builtInTrainer(data, opts.workers, opts.threadLimit));
  }

  private trainerFor(data: Dataset): CandidateTrainer {
    let trainer = this.trainers.get(data);
    if (!trainer) this.trainers.set(data, (trainer = builtInTrainer(data, this.opts.workers, this.opts.threadLimit)));
    return trainer;
  }

  /** Mines one block on the head, starting over on every new head; rejects when `signal` aborts. */
  async mineBlock(signal?: AbortSignal): Promise<MinedBlock> {
    const started = performance.now();
    const tried = { candidates: 0 };
    for (;;) {
      signal?.throwIfAborted();
      const mined = await this.tryCandidate(signal, tried, started);
      if (mined) return mined;
    }
  }

  private async tryCandidate(
    signal: AbortSignal | undefined,
    tried: { candidates: number },
    started: number,
  ): Promise<MinedBlock | undefined> {
    const { store } = this.chain;
    const head = this.chain.headRules();
    const { rules } = head;
    const data = head.dataset ?? this.data;
    const parent = this.chain.head;
    const parentHash = blockHash(parent);
    const state = store.state;
    const height = parent.height + 1;
    const maxTxs = Math.min(this.opts.maxTxs, rules.params.maxTxPerBlock);
    const proofs = proofsFirst(maxTxs, this.opts.proofShare);
    const txs = this.mempool?.blockTemplate(state, height, maxTxs, proofs) ?? [];
    // Before any training: a block whose activation's content is not at hand cannot be built yet.
    const activations = await this.chain.activations(parent, state);
    const works = this.worksOf(rules.params.nonceFree, parentHash, txs);
    const refuse = refuseBroken(rules.params, state, parent, txs, activations);

    const newHead = new AbortController();
    const unsubscribe = this.chain.onHead((h) => bytesEqual(blockHash(h), parentHash) || newHead.abort());
    const abort = AbortSignal.any(signal ? [signal, newHead.signal] : [newHead.signal]);
    try {
      const thresholdAt = (t: number) => threshold(rules.problem.threshold, parent, t);
      const trained =
        this.opts.policy === 'search'
          ? await searchCandidates({
              rules,
              works,
              refuse,
              height,
              data,
              trainer: this.trainerFor(data),
              opts: this.opts,
              thresholdAt,
              signal: abort,
            })
          : await this.single(rules, data, works, refuse, height, () => thresholdAt(this.opts.clock()), abort);
      tried.candidates += trained.tried;
      if (trained.kind !== 'trained') return this.abandon(trained.kind, signal);
      const { candidate } = trained;
      // The trainer's weights are canonical (4.2), so the file decodes and its score is the model's.
      const params = trained.result.params;
      const model = { grammarId: rules.grammarId, phenotype: candidate.phenotype, arch: candidate.arch, params };
      const file = encodeModel(model);
      const score = headerScore(evaluateSplit(model, rules.validation), rules.problem.metric);
      // The earliest valid timestamp: after the median of the last 11 and after the parent.
      const median = Math.max(medianTimePast(await recentTimestamps(store, parent)), parent.timestamp);
      const earliest = Math.max(median + 1, timeToReach(rules.problem.threshold, parent, scoreBp(score)));
      if (earliest === Infinity) return this.abandon('below-floor', signal, score);
      // A trained model is a sure block once the threshold falls to it; a fresh candidate is not: wait up to twice
      // the training budget.
      if (earliest - this.opts.clock() > 2 * this.opts.timeBudgetSeconds)
        return this.abandon('threshold-out-of-reach', signal, score);
      if (earliest > this.opts.clock()) {
        this.opts.log({ kind: 'waiting', until: earliest, score, thresholdBp: thresholdAt(this.opts.clock()) });
        while (this.opts.clock() < earliest) {
          if (!(await sleep(250, true, { signal: abort }).catch(() => false))) return this.abandon('new-head', signal);
        }
      }
      return await this.submit({
        rules,
        activations,
        parent,
        state,
        candidate,
        file,
        digest: paramsDigest(model),
        score,
        median,
        trainSeconds: trained.result.seconds,
        trainerAccuracy: trained.result.validationAccuracy,
        candidates: tried.candidates,
        started,
      });
    } catch (e) {
      if (!(e instanceof NoFittingWork)) throw e;
      this.abandon('no-fitting-work', signal);
      // New transactions or a new head bring new works.
      await sleep(1000, undefined, { signal: abort }).catch(() => signal?.throwIfAborted());
      return undefined;
    } finally {
      unsubscribe();
    }
  }

  /** `nonceFree`: the mode of the rules the block is mined under (its parent's). */
  private worksOf(nonceFree: boolean, parentHash: Uint8Array, txs: readonly Transaction[]): WorkSource {
    const key = toHex(parentHash) + toHex(txRoot(txs));
    if (this.works?.key !== key) {
      const addresses = [this.opts.miner, ...this.opts.rewardAddresses];
      this.works = { key, source: minerWorks(nonceFree, { parentHash, txs }, addresses, this.opts.nonce) };
    }
    return this.works.source;
  }

  /** The single policy: one work that fits the budgets, trained for the whole budget. */
  private async single(
    rules: ConsensusRules,
    data: Dataset,
    works: WorkSource,
    refuse: (w: Work) => string | undefined,
    height: number,
    thresholdNow: () => number,
    signal: AbortSignal,
  ): Promise<SearchOutcome | { kind: 'stalled'; tried: number }> {
    const hp = minerHyperParams(0, 0n, this.opts.hyperParams);
    const { candidate, skipped } = pickCandidate(rules, works, this.opts, hp.batchSize ?? 64, data.train.count, refuse);
    if (Object.keys(skipped).length > 0) this.opts.log({ kind: 'skipped', height, reasons: skipped });
    const { work, phenotype, cost } = candidate;
    this.opts.log({ kind: 'candidate', height, nonce: work.id, phenotype, params: cost.params });
    const hyperParams = resolveHyperParams(minerHyperParams(cost.params, work.id, this.opts.hyperParams));
    const run = { hyperParams, timeBudgetSeconds: this.opts.timeBudgetSeconds };
    const floorBp = rules.problem.threshold.floorBp;
    const trainer = this.trainerFor(data);
    const out = await trainCandidate(trainer, candidate, run, this.opts, thresholdNow, floorBp, signal);
    return out.kind === 'trained' ? { ...out, candidate, tried: 1 } : { kind: out.kind, tried: 1 };
  }

  private async submit(c: {
    rules: ConsensusRules;
    activations: Activations;
    parent: BlockHeader;
    state: State;
    candidate: Candidate;
    file: Uint8Array;
    digest: Uint8Array;
    score: Score;
    median: number;
    trainSeconds: number;
    trainerAccuracy: number;
    candidates: number;
    started: number;
  }): Promise<MinedBlock | undefined> {
    const { rules } = c;
    const { models } = this.chain;
    const timestamp = Math.max(this.opts.clock(), c.median + 1);
    const { work } = c.candidate;
    const { block } = buildBlock(rules.params, c.state, c.parent, {
      miner: work.miner,
      timestamp,
      txs: work.txs,
      modelDigest: c.digest,
      activations: c.activations,
      work: {
        nonce: work.nonce,
        problemId: rules.problemId,
        grammarId: rules.grammarId,
        modelRoot: await models.put(c.file),
        modelSize: c.file.length,
        score: c.score,
      },
    });
    const verifyStart = performance.now();
    const outcome = await this.chain.submit(block, this.opts.clock());
    const verifySeconds = (performance.now() - verifyStart) / 1000;
    if (outcome.status !== 'head') return undefined; // a rival's block won meanwhile: mine on the new head
    const mined: MinedBlock = {
      height: block.header.height,
      hash: toHex(blockHash(block.header)),
      phenotype: c.candidate.phenotype,
      params: c.candidate.cost.params,
      score: c.score,
      trainerAccuracy: c.trainerAccuracy,
      thresholdBp: threshold(rules.problem.threshold, c.parent, timestamp),
      trainSeconds: c.trainSeconds,
      verifySeconds,
      candidates: c.candidates,
      elapsedSeconds: (performance.now() - c.started) / 1000,
    };
    this.opts.log({ kind: 'mined', block: mined });
    return mined;
  }

  private abandon(
    reason: 'stalled' | 'below-floor' | 'new-head' | 'threshold-out-of-reach' | 'no-fitting-work',
    signal?: AbortSignal,
    score?: Score,
  ): undefined {
    signal?.throwIfAborted();
    this.opts.log({ kind: 'abandoned', reason, ...(score && { score }) });
    return undefined;
  }
}
