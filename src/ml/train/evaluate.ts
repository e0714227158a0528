// A fast float32 evaluation with the training engine, for progress and early stopping (the
// consensus score comes from the exact evaluator, src/ml/eval).
import type { Architecture } from '../../arch/ir.js';
import { shapeSize } from '../../arch/ir.js';
import type { Split } from '../data/split.js';
import { softmaxCrossEntropy } from '../layers/softmax-cross-entropy.js';
import { TrainableNet } from './trainable-net.js';

export interface Evaluation {
  correct: number;
  total: number;
  /** Summed cross-entropy. */
  loss: number;
}

/** Runs samples [first, first + count) of a split through the network in batches of its maxBatch. */
export function evaluateRange(net: TrainableNet, split: Split, first: number, count: number): Evaluation {
  const size = shapeSize(net.arch.input);
  let correct = 0;
  let loss = 0;
  for (let s = first; s < first + count; s += net.maxBatch) {
    const n = Math.min(net.maxBatch, first + count - s);
    net.input.data.set(split.x.subarray(s * size, (s + n) * size));
    net.forward(n, false);
    const r = softmaxCrossEntropy(net.logits.data, split.y.subarray(s, s + n), n, net.arch.classes);
    correct += r.correct;
    loss += r.loss;
  }
  return { correct, total: count, loss };
}

/** Evaluates parameters (paramSpecs order) on a whole split, in this thread. */
export function evaluate(arch: Architecture, params: Float32Array[], split: Split, batch = 64): Evaluation {
  const net = new TrainableNet(arch, batch);
  net.setParamTensors(params);
  return evaluateRange(net, split, 0, split.count);
}
