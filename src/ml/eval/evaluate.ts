// Evaluates a model on samples: the confusion matrix of argmax predictions. Pure.
import { shapeSize } from '../../arch/ir.js';
import type { Split } from '../data/split.js';
import type { Model } from '../model/model.js';
import { argmax, compileForward } from './forward.js';
import { emptyConfusion, type Confusion } from './score.js';

export function evaluateSplit(model: Model, split: Split): Confusion {
  const forward = compileForward(model);
  const size = shapeSize(model.arch.input);
  const c = emptyConfusion(model.arch.classes);
  for (let i = 0; i < split.count; i++) {
    c.counts[split.y[i] * c.classes + argmax(forward.logits(split.x, i * size))]++;
  }
  return c;
}

/** Predicted classes of every sample. */
export function predictClasses(model: Model, x: Float32Array, count: number): Uint32Array {
  const forward = compileForward(model);
  const size = shapeSize(model.arch.input);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = argmax(forward.logits(x, i * size));
  return out;
}
