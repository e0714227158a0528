// Draws nonces until the derived architecture fits the miner's budgets (the paper's advice: change the nonce
// rather than train a network the machine cannot afford), counting the skipped ones by reason.
import { architectureCost, trainSecondsPerEpoch, type Cost } from '../../arch/cost.js';
import { paramSpecs } from '../../arch/ir.js';
import { encodeModel } from '../../ml/model/codec.js';
import { deriveArchitecture, type DerivedArchitecture } from '../../consensus/derive-architecture.js';
import type { ConsensusRules } from '../../consensus/rules.js';
import type { BlockHeader } from '../../chain/header.js';
import type { MinerOptions } from './options.js';

const MAX_DRAWS = 10_000;
/** After this many draws too small for minParams, the largest of them is taken: a problem may only have small nets. */
const SMALL_DRAWS = 64;

export interface Candidate extends DerivedArchitecture {
  readonly nonce: bigint;
  readonly cost: Cost;
}

export type Work = Pick<BlockHeader, 'parentHash' | 'txRoot' | 'miner'>;

export function pickCandidate(
  rules: ConsensusRules,
  work: Work,
  opts: MinerOptions,
  batchSize: number,
  trainSamples: number,
) {
  const skipped: Record<string, number> = {};
  let largestSmall: Candidate | undefined;
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const nonce = opts.nonce();
    const derived = deriveArchitecture(rules, { ...work, nonce });
    const cost = architectureCost(derived.arch, batchSize);
    const reason = overBudget(rules, opts, derived, cost, trainSamples);
    const candidate: Candidate = { ...derived, nonce, cost };
    if (!reason) return { candidate, skipped };
    if (reason === TOO_SMALL) {
      if (!largestSmall || cost.params > largestSmall.cost.params) largestSmall = candidate;
      // The largest small one is taken, so it is not counted among the skipped.
      if (skipped[TOO_SMALL] === SMALL_DRAWS - 1) return { candidate: largestSmall, skipped };
    }
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  }
  throw new Error(`no architecture among ${MAX_DRAWS} nonces fits the budget (${JSON.stringify(skipped)})`);
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
