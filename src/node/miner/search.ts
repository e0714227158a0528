// The search policy: architecture search by successive halving (Jamieson & Talwalkar 2016; one bracket of
// Hyperband). It draws `candidates` works that fit the budgets, probes each for a fraction of the time budget,
// keeps the best 1/eta by validation accuracy and trains the survivors eta times longer from where they were,
// until one is left, which trains for as long as its learning curve says it needs to meet the falling threshold
// (plannedSeconds), at most the rest of the budget. Any candidate whose accuracy reaches the threshold of the
// moment ends the search at once; one whose learning curve cannot reach the threshold the miner would still
// accept by the end of the budget is dropped. This is the miner's policy, not consensus: no node checks it.
import type { ConsensusRules } from '../../consensus/rules.js';
import { BASIS_POINTS } from '../../consensus/score.js';
import type { Dataset } from '../../ml/data/dataset.js';
import { resolveHyperParams, type HyperParams } from '../../ml/train/hyper-params.js';
import type { CandidateTrainer, TrainedWeights } from './candidate-trainer.js';
import { adaptedHyperParams } from './hyper-params.js';
import type { MinerOptions } from './options.js';
import { NoFittingWork, pickCandidate, type Candidate } from './pick-candidate.js';
import type { Work, WorkSource } from './works.js';
import { trainCandidate } from './train-candidate.js';

export interface SearchContext {
  readonly rules: ConsensusRules;
  readonly works: WorkSource;
  /** Why a work's transactions cannot make a block (pickCandidate). */
  readonly refuse?: (work: Work) => string | undefined;
  readonly height: number;
  readonly data: Dataset;
  readonly trainer: CandidateTrainer;
  readonly opts: MinerOptions;
  /** The threshold (basis points) at a Unix time. */
  readonly thresholdAt: (t: number) => number;
  readonly signal: AbortSignal;
}

export type SearchOutcome =
  | { readonly kind: 'trained'; readonly candidate: Candidate; readonly result: TrainedWeights; readonly tried: number }
  | { readonly kind: 'new-head' | 'threshold-out-of-reach'; readonly tried: number };

interface Entry {
  readonly candidate: Candidate;
  readonly hp: HyperParams;
  params?: Float32Array[];
  /** Training seconds so far, and the validation accuracy after each rung at those seconds. */
  seconds: number;
  readonly curve: { seconds: number; accuracy: number }[];
  predicted: number;
}

export async function searchCandidates(ctx: SearchContext): Promise<SearchOutcome> {
  const { opts, rules, height } = ctx;
  const budget = opts.timeBudgetSeconds;
  const start = performance.now();
  const remaining = () => budget - (performance.now() - start) / 1000;
  const tried = opts.search.candidates;
  let entries = drawCandidates(ctx);
  const { floorBp } = rules.problem.threshold;
  const thresholdNow = () => ctx.thresholdAt(opts.clock());

  // No stall rule: the learning-curve bound below judges every candidate, however slow its start.
  const trainOpts = { ...opts, stallSeconds: Infinity };
  const train = async (e: Entry, seconds: number) => {
    const outcome = await trainCandidate(
      ctx.trainer,
      e.candidate,
      { hyperParams: e.hp, timeBudgetSeconds: seconds, initialParams: e.params },
      trainOpts,
      thresholdNow,
      floorBp,
      ctx.signal,
    );
    if (outcome.kind !== 'trained') return 'new-head';
    const r = outcome.result;
    e.params = r.params;
    e.seconds += r.seconds;
    e.curve.push({ seconds: e.seconds, accuracy: Number.isNaN(r.validationAccuracy) ? 0 : r.validationAccuracy });
    e.predicted = predictAccuracy(e.curve, e.seconds + Math.max(0, remaining()));
    return r;
  };
  const probed = (e: Entry, rung: number) =>
    opts.log({
      kind: 'probed',
      height,
      rung,
      nonce: e.candidate.work.id,
      phenotype: e.candidate.phenotype,
      params: e.candidate.cost.params,
      validationAccuracy: last(e),
      predictedAccuracy: e.predicted,
      seconds: e.seconds,
    });
  const done = (e: Entry, r: TrainedWeights): SearchOutcome => ({
    kind: 'trained',
    candidate: e.candidate,
    result: { ...r, seconds: e.seconds },
    tried,
  });

  let rungSeconds = budget * opts.search.probeFraction;
  for (let rung = 0; ; rung++) {
    const survivors: { e: Entry; r: TrainedWeights }[] = [];
    for (const e of entries) {
      const r = await train(e, Math.min(rungSeconds, Math.max(1, remaining())));
      if (r === 'new-head') return { kind: 'new-head', tried };
      const nonce = e.candidate.work.id;
      probed(e, rung);
      // Also when the budget ended the epoch that got there (the trainer then reports 'time').
      if (r.stopReason === 'target' || last(e) * BASIS_POINTS >= thresholdNow()) return done(e, r);
      // The miner accepts a score the threshold falls to within 2 budgets after training (miner.ts).
      const end = opts.clock() + Math.ceil(Math.max(0, remaining()) + 2 * budget);
      const reachable = ctx.thresholdAt(end) / BASIS_POINTS;
      if (e.predicted < reachable) opts.log({ kind: 'dropped', height, rung, nonce, reason: 'out-of-reach' });
      else survivors.push({ e, r });
    }
    if (survivors.length === 0) return { kind: 'threshold-out-of-reach', tried };
    survivors.sort((a, b) => last(b.e) - last(a.e));
    const keep = remaining() < 1 ? 1 : Math.ceil(survivors.length / opts.search.eta);
    for (const { e } of survivors.slice(keep))
      opts.log({ kind: 'dropped', height, rung, nonce: e.candidate.work.id, reason: 'halving' });
    entries = survivors.slice(0, keep).map((s) => s.e);
    opts.log({ kind: 'kept', height, rung, nonces: entries.map((e) => e.candidate.work.id) });
    if (keep === 1) {
      const winner = survivors[0];
      if (remaining() < 1) return done(winner.e, winner.r);
      const now = opts.clock();
      const plan = plannedSeconds(winner.e.curve, remaining(), (s) => ctx.thresholdAt(now + s));
      opts.log({ kind: 'planned', height, nonce: winner.e.candidate.work.id, seconds: plan });
      const r = await train(winner.e, plan);
      if (r === 'new-head') return { kind: 'new-head', tried };
      probed(winner.e, rung + 1);
      return done(winner.e, r);
    }
    rungSeconds *= opts.search.eta;
  }
}

const last = (e: Entry) => e.curve[e.curve.length - 1].accuracy;

function drawCandidates(ctx: SearchContext): Entry[] {
  const { opts, rules, data } = ctx;
  const skipped: Record<string, number> = {};
  const entries: Entry[] = [];
  for (let i = 0; i < opts.search.candidates; i++) {
    let picked;
    try {
      picked = pickCandidate(rules, ctx.works, opts, 64, data.train.count, ctx.refuse);
    } catch (e) {
      // A nonce-free chain's works may run out: search among those found.
      if (e instanceof NoFittingWork && entries.length > 0) break;
      throw e;
    }
    for (const [reason, n] of Object.entries(picked.skipped)) skipped[reason] = (skipped[reason] ?? 0) + n;
    const c = picked.candidate;
    const hp = adaptedHyperParams(c, opts.timeBudgetSeconds, data.train.count, opts.flopsPerSecond, opts.hyperParams);
    entries.push({ candidate: c, hp: resolveHyperParams(hp), seconds: 0, curve: [], predicted: 0 });
  }
  if (Object.keys(skipped).length > 0) opts.log({ kind: 'skipped', height: ctx.height, reasons: skipped });
  for (const { candidate: c } of entries)
    opts.log({
      kind: 'candidate',
      height: ctx.height,
      nonce: c.work.id,
      phenotype: c.phenotype,
      params: c.cost.params,
    });
  return entries;
}

/**
 * An optimistic bound on the validation accuracy after `seconds` of training, from the accuracies measured so far:
 * the error falls as a power of the training time (learning curves do, roughly), with the exponent seen between the
 * last two measurements made 1.5 times steeper, and at least 1 (error inversely proportional to time) after a
 * single measurement or a flat stretch, so that only a candidate far from the target is dropped.
 */
export function predictAccuracy(
  curve: readonly { seconds: number; accuracy: number }[],
  seconds: number,
  steepening = 1.5,
): number {
  const b = curve[curve.length - 1];
  const errB = Math.max(1 - b.accuracy, 1e-6);
  let exponent = 1;
  if (curve.length >= 2) {
    const a = curve[curve.length - 2];
    const errA = Math.max(1 - a.accuracy, 1e-6);
    const observed = Math.log(errA / errB) / Math.log(b.seconds / a.seconds);
    if (Number.isFinite(observed)) exponent = Math.min(3, Math.max(1, steepening * observed));
  }
  const ratio = Math.max(1, seconds / Math.max(b.seconds, 1e-3));
  return 1 - errB * ratio ** -exponent;
}

/** The finalist's run is never shorter than this: a run of a few seconds anneals before it has learnt anything. */
const MIN_PLANNED_SECONDS = 5;

/**
 * How long to train the finalist, given its learning curve so far and the threshold `s` seconds from now. The
 * schedule anneals over the whole run, so a run planned for the whole remaining budget is still at a high learning
 * rate when the threshold comes down to it, and is submitted half-trained. Planned instead to the first second at
 * which the learning curve (the power law of predictAccuracy, not steepened) meets the falling threshold, the run is
 * annealed when its block can be accepted; one that falls short of the curve waits for the threshold (miner.ts).
 */
export function plannedSeconds(
  curve: readonly { seconds: number; accuracy: number }[],
  remaining: number,
  thresholdIn: (seconds: number) => number,
): number {
  const trained = curve[curve.length - 1].seconds;
  for (let s = MIN_PLANNED_SECONDS; s < remaining; s++)
    if (predictAccuracy(curve, trained + s, 1) * BASIS_POINTS >= thresholdIn(s)) return s;
  return Math.max(1, remaining);
}
