import { Adam } from './adam.js';
import type { Optimizer, OptimizerName, Segment } from './optimizer.js';
import { Sgd } from './sgd.js';

export function createOptimizer(name: OptimizerName, segments: Segment[], size: number, momentum: number, weightDecay: number): Optimizer {
  return name === 'adam' ? new Adam(segments, size, weightDecay) : new Sgd(segments, size, momentum, weightDecay);
}
