// Element-wise layers: batch normalisation with running statistics, and the activations.
import { BATCH_NORM_EPSILON, type Activation } from '../../../arch/ir.js';
import { sigmoid64, tanh64 } from '../exp.js';
import type { Step } from './step.js';

/** y = ((x - mean[c]) / sqrt(variance[c] + 1e-5)) * gamma[c] + beta[c], per channel c of `channels` planes. */
export function batchNormStep(
  size: number,
  channels: number,
  gamma: Float64Array,
  beta: Float64Array,
  mean: Float64Array,
  variance: Float64Array,
): Step {
  const plane = size / channels;
  const deviation = variance.map((v) => Math.sqrt(v + BATCH_NORM_EPSILON));
  const out = new Float64Array(size);
  return {
    out,
    run(src) {
      for (let c = 0, i = 0; c < channels; c++) {
        for (let e = 0; e < plane; e++, i++) out[i] = ((src[i] - mean[c]) / deviation[c]) * gamma[c] + beta[c];
      }
    },
  };
}

/** relu(x) = x if x > 0 else +0; sigmoid and tanh as in exp.ts. */
export function activationStep(fn: Activation, size: number): Step {
  const out = new Float64Array(size);
  if (fn === 'relu') {
    return {
      out,
      run(src) {
        for (let i = 0; i < size; i++) out[i] = src[i] > 0 ? src[i] : 0;
      },
    };
  }
  const f = fn === 'sigmoid' ? sigmoid64 : tanh64;
  return {
    out,
    run(src) {
      for (let i = 0; i < size; i++) out[i] = f(src[i]);
    },
  };
}
