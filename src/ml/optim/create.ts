import type { Arena } from '../tensor/arena.js';
import { Adam } from './adam.js';
import type { Optimizer, OptimizerName, Segment } from './optimizer.js';
import { Sgd } from './sgd.js';

/** An optimiser whose state lives in the arena of the network it updates. */
export function createOptimizer(
  name: OptimizerName,
  arena: Arena,
  segments: Segment[],
  size: number,
  momentum: number,
  weightDecay: number,
): Optimizer {
  return name === 'adam'
    ? new Adam(arena, segments, size, weightDecay)
    : new Sgd(arena, segments, size, momentum, weightDecay);
}
