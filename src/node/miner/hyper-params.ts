// The miner's training hyper-parameters: Adam with a cosine schedule over the time budget, a smaller learning
// rate for bigger networks (they are less stable early), and a seed drawn from the work's id (its nonce) so that two
// candidates of one architecture do not start from the same weights.
import { trainSecondsPerEpoch } from '../../arch/cost.js';
import type { Architecture } from '../../arch/ir.js';
import type { HyperParams } from '../../ml/train/hyper-params.js';
import type { Candidate } from './pick-candidate.js';

export function minerHyperParams(params: number, id: bigint, overrides: Partial<HyperParams>): Partial<HyperParams> {
  const learningRate = params < 20_000 ? 0.004 : params < 200_000 ? 0.002 : 0.001;
  return {
    optimizer: 'adam',
    schedule: 'cosine',
    batchSize: 64,
    learningRate,
    seed: Number(id % 0x7fff_ffffn),
    ...overrides,
  };
}

/**
 * The search policy's hyper-parameters, adapted to each architecture from its shape and the cost model: batch
 * normalisation tolerates twice the learning rate and a deep stack without it half; a network that gets only a
 * few epochs in the budget takes small batches (more updates), one that gets many takes large ones (throughput).
 */
export function adaptedHyperParams(
  candidate: Candidate,
  budgetSeconds: number,
  trainSamples: number,
  flopsPerSecond: number,
  overrides: Partial<HyperParams>,
): Partial<HyperParams> {
  const base = minerHyperParams(candidate.cost.params, candidate.work.id, {});
  const epochs = budgetSeconds / trainSecondsPerEpoch(candidate.cost, trainSamples, flopsPerSecond);
  const batchSize = epochs < 3 ? 32 : epochs > 30 ? 128 : 64;
  const learningRate = (base.learningRate ?? 0.002) * learningRateFactor(candidate.arch) * Math.sqrt(batchSize / 64);
  return { ...base, batchSize, learningRate, ...overrides };
}

function learningRateFactor(arch: Architecture): number {
  if (arch.layers.some((l) => l.type === 'batchNorm')) return 2;
  const weighted = arch.layers.filter((l) => l.type === 'conv2d' || l.type === 'dense').length;
  return weighted > 6 ? 0.5 : 1;
}
