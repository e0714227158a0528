// Evaluation in a given order of the samples, in batches, stopping once a bound is passed: what a verifier needs
// to refuse a wrong claim without evaluating every sample (docs/PROTOCOL.md 4.3, "Evaluation order"). The counts
// of the samples evaluated are exact (the same forward pass as evaluateSplit), so any conclusion drawn from them
// about the whole split is exact too. Pure.
import type { Split } from '../data/split.js';
import type { Model } from '../model/model.js';
import { argmaxAt, compileForward, DEFAULT_BATCH } from './forward.js';
import { emptyConfusion, type Confusion } from './score.js';

/** Stop after the first batch that brings the correct predictions above maxCorrect or the wrong ones above maxWrong. */
export interface StopRule {
  readonly maxCorrect: number;
  readonly maxWrong: number;
}

/** The confusion matrix of the first `evaluated` samples of an order (all of them when evaluated = the count). */
export interface Measured {
  readonly confusion: Confusion;
  readonly evaluated: number;
}

export function evaluateInOrder(
  model: Model,
  split: Split,
  order: Uint32Array,
  stop?: StopRule,
  batch = DEFAULT_BATCH,
): Measured {
  if (order.length !== split.count)
    throw new RangeError(`an order of ${order.length} samples for a split of ${split.count}`);
  const forward = compileForward(model, batch);
  const { inputSize, classes } = forward;
  const confusion = emptyConfusion(classes);
  const stage = new Float32Array(batch * inputSize);
  let correct = 0;
  let evaluated = 0;
  while (evaluated < split.count) {
    const n = Math.min(batch, split.count - evaluated);
    for (let s = 0; s < n; s++) {
      const i = order[evaluated + s];
      stage.set(split.x.subarray(i * inputSize, (i + 1) * inputSize), s * inputSize);
    }
    const logits = forward.logitsBatch(stage, 0, n);
    for (let s = 0; s < n; s++) {
      const truth = split.y[order[evaluated + s]];
      const predicted = argmaxAt(logits, s * classes, classes);
      confusion.counts[truth * classes + predicted]++;
      if (truth === predicted) correct++;
    }
    evaluated += n;
    if (stop && (correct > stop.maxCorrect || evaluated - correct > stop.maxWrong)) break;
  }
  return { confusion, evaluated };
}
