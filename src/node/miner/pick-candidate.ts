// Draws works (works.ts: nonces, or on a nonce-free chain transaction sets, orders and reward addresses) until the
// derived architecture fits the miner's budgets (the paper's advice: change the work rather than train a network
// the machine cannot afford), counting the skipped ones by reason.
import { architectureCost, trainSecondsPerEpoch, type Cost } from '../../arch/cost.js';
import { paramSpecs } from '../../arch/ir.js';
import { encodeModel } from '../../ml/model/codec.js';
import { deriveArchitecture, type DerivedArchitecture } from '../../consensus/derive-architecture.js';
import type { ConsensusRules } from '../../consensus/rules.js';
import { CodedError } from '../../base/coded-error.js';
import type { MinerOptions } from './options.js';
import type { Work, WorkSource } from './works.js';

const MAX_DRAWS = 10_000;
/** After this many draws too small for minParams, the largest of them is taken: a problem may only have small nets. */
const SMALL_DRAWS = 64;

/** Every work the source had (a nonce-free chain's few), or 10,000 draws, gave no architecture within budget. */
export class NoFittingWork extends CodedError<'no-fitting-work'> {}

export interface Candidate extends DerivedArchitecture {
  readonly work: Work;
  readonly cost: Cost;
}

/**
 * `refuse`: why a work's transactions cannot make a block (a reordered or shortened template can break one that
 * depends on another's effect), asked only of works within budget (or too small, as one may yet be taken), since
 * it executes them.
 */
export function pickCandidate(
  rules: ConsensusRules,
  works: WorkSource,
  opts: MinerOptions,
  batchSize: number,
  trainSamples: number,
  refuse?: (work: Work) => string | undefined,
) {
  const skipped: Record<string, number> = {};
  let largestSmall: Candidate | undefined;
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const work = works.next();
    if (!work) break;
    const derived = deriveArchitecture(rules, work);
    const cost = architectureCost(derived.arch, batchSize);
    const budget = overBudget(rules, opts, derived, cost, trainSamples);
    const reason = budget === undefined || budget === TOO_SMALL ? (refuse?.(work) ?? budget) : budget;
    const candidate: Candidate = { ...derived, work, cost };
    if (!reason) return { candidate, skipped };
    if (reason === TOO_SMALL) {
      if (!largestSmall || cost.params > largestSmall.cost.params) largestSmall = candidate;
      // The largest small one is taken, so it is not counted among the skipped.
      if (skipped[TOO_SMALL] === SMALL_DRAWS - 1) return { candidate: largestSmall, skipped };
    }
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  }
  if (largestSmall) return { candidate: largestSmall, skipped };
  throw new NoFittingWork(
    'no-fitting-work',
    `no work drawn derives an architecture within budget (${JSON.stringify(skipped)})`,
  );
}

const TOO_SMALL = 'too few parameters';

function overBudget(
  rules: ConsensusRules,
  opts: MinerOptions,
  derived: DerivedArchitecture,
  cost: Cost,
  trainSamples: number,
): string | undefined {
  if (cost.params * 4 > rules.problem.maxModelBytes || modelFileBytes(rules, derived) > rules.problem.maxModelBytes)
    return 'model over the size limit';
  if (cost.memoryBytes > opts.maxMemoryBytes) return 'training memory over budget';
  if (trainSecondsPerEpoch(cost, trainSamples, opts.flopsPerSecond) > opts.timeBudgetSeconds)
    return 'one epoch over the time budget';
  if (cost.params < opts.minParams) return TOO_SMALL;
  return undefined;
}

/** The size of the model file the candidate would give (its size does not depend on the weights' values). */
function modelFileBytes(rules: ConsensusRules, d: DerivedArchitecture): number {
  const params = paramSpecs(d.arch).map((s) => new Float32Array(s.shape.reduce((a, b) => a * b, 1)));
  return encodeModel({ grammarId: rules.grammarId, phenotype: d.phenotype, arch: d.arch, params }).length;
}
