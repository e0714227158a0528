// The miner's training hyper-parameters: Adam with a cosine schedule over the time budget, a smaller learning
// rate for bigger networks (they are less stable early), and a seed drawn from the nonce so that two candidates
// of one architecture do not start from the same weights.
import type { HyperParams } from '../../ml/train/hyper-params.js';

export function minerHyperParams(params: number, nonce: bigint, overrides: Partial<HyperParams>): Partial<HyperParams> {
  const learningRate = params < 20_000 ? 0.004 : params < 200_000 ? 0.002 : 0.001;
  return {
    optimizer: 'adam',
    schedule: 'cosine',
    batchSize: 64,
    learningRate,
    seed: Number(nonce % 0x7fff_ffffn),
    ...overrides,
  };
}
