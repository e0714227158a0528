// What a training run may be told, with the defaults a miner uses when told nothing.
import type { OptimizerName } from '../optim/optimizer.js';
import type { Schedule } from '../optim/schedule.js';

export interface HyperParams {
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerName;
  /** SGD only. */
  momentum: number;
  weightDecay: number;
  schedule: Schedule;
  /** Seeds initialisation, shuffling and dropout. */
  seed: number;
}

export const DEFAULT_HYPER_PARAMS: HyperParams = {
  batchSize: 64,
  learningRate: 0.002,
  optimizer: 'adam',
  momentum: 0.9,
  weightDecay: 0,
  schedule: 'cosine',
  seed: 0,
};

/** Defaults for every field not given; rejects values training cannot use. */
export function resolveHyperParams(given: Partial<HyperParams> = {}): HyperParams {
  const hp = {
    ...DEFAULT_HYPER_PARAMS,
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
  };
  if (!Number.isInteger(hp.batchSize) || hp.batchSize < 1)
    throw new RangeError(`batch size ${hp.batchSize} is not a positive integer`);
  if (!(hp.learningRate > 0)) throw new RangeError(`learning rate ${hp.learningRate} is not positive`);
  if (!(hp.momentum >= 0 && hp.momentum < 1)) throw new RangeError(`momentum ${hp.momentum} is not in [0, 1)`);
  if (!(hp.weightDecay >= 0)) throw new RangeError(`weight decay ${hp.weightDecay} is negative`);
  return hp;
}
