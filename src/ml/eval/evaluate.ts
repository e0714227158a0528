// Evaluates a model on samples: the confusion matrix of argmax predictions. Pure.
import type { Split } from '../data/split.js';
import type { Model } from '../model/model.js';
import { compileForward, predictInto } from './forward.js';
import { emptyConfusion, type Confusion } from './score.js';

export function evaluateSplit(model: Model, split: Split): Confusion {
  const predicted = predictClasses(model, split.x, split.count);
  const c = emptyConfusion(model.arch.classes);
  for (let i = 0; i < split.count; i++) c.counts[split.y[i] * c.classes + predicted[i]]++;
  return c;
}

/** Predicted classes of every sample. */
export function predictClasses(model: Model, x: Float32Array, count: number): Uint32Array {
  const out = new Uint32Array(count);
  predictInto(compileForward(model), x, count, out);
  return out;
}
