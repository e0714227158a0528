// Fully connected: out[u] = bias[u] + sum over i in increasing order of weight[u, i] * in[i].
import { gemmBias } from './gemm.js';
import type { Step } from './step.js';

export function denseStep(units: number, inN: number, weight: Float64Array, bias: Float64Array): Step {
  const out = new Float64Array(units);
  return { out, run: (src) => gemmBias(weight, bias, units, inN, src, 1, out) };
}
