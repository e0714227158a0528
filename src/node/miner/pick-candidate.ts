// Draws nonces until the derived architecture fits the miner's budgets (the paper's advice: change the nonce
// rather than train a network the machine cannot afford), counting the skipped ones by reason.
import { architectureCost, trainSecondsPerEpoch, type Cost } from '../../arch/cost.js';
import { deriveArchitecture, type DerivedArchitecture } from '../../consensus/derive-architecture.js';
import type { ConsensusRules } from '../../consensus/rules.js';
import type { BlockHeader } from '../../chain/header.js';
import type { MinerOptions } from './options.js';

/** Bytes of a model file besides its weights (header, phenotype, architecture), generously. */
const MODEL_OVERHEAD_BYTES = 64 * 1024;
const MAX_DRAWS = 10_000;

export interface Candidate extends DerivedArchitecture {
  readonly nonce: bigint;
  readonly cost: Cost;
}

type Work = Pick<BlockHeader, 'parentHash' | 'txRoot' | 'miner'>;

export function pickCandidate(rules: ConsensusRules, work: Work, opts: MinerOptions, batchSize: number, trainSamples: number) {
  const skipped: Record<string, number> = {};
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const nonce = opts.nonce();
    const derived = deriveArchitecture(rules, { ...work, nonce });
    const cost = architectureCost(derived.arch, batchSize);
    const reason = overBudget(rules, opts, cost, trainSamples);
    if (!reason) return { candidate: { ...derived, nonce, cost } satisfies Candidate, skipped };
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  }
  throw new Error(`no architecture among ${MAX_DRAWS} nonces fits the budget (${JSON.stringify(skipped)})`);
}

function overBudget(rules: ConsensusRules, opts: MinerOptions, cost: Cost, trainSamples: number): string | undefined {
  if (cost.params * 4 + MODEL_OVERHEAD_BYTES > rules.problem.maxModelBytes) return 'model over the size limit';
  if (cost.memoryBytes > opts.maxMemoryBytes) return 'training memory over budget';
  if (trainSecondsPerEpoch(cost, trainSamples, opts.flopsPerSecond) > opts.timeBudgetSeconds) return 'one epoch over the time budget';
  return undefined;
}
