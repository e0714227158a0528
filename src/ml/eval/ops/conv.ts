// 2-D convolution: output (f, oy, ox) = bias[f] + sum over (ic, ky, kx) in that order of
// weight[f, ic, ky, kx] * in[ic, oy*stride - padTop + ky, ox*stride - padLeft + kx], where a
// position outside the input reads +0 (zero padding; the term still counts, as w * +0).
import { convOutSide, convPadBefore, type Layer, type Shape } from '../../../arch/ir.js';
import { gemmBias } from './gemm.js';
import type { Step } from './step.js';

type Conv = Extract<Layer, { type: 'conv2d' }>;
type Image = Extract<Shape, { kind: 'image' }>;

export function convStep(layer: Conv, input: Image, weight: Float64Array, bias: Float64Array): Step {
  const { kernel: k, stride: s, padding, filters } = layer;
  const OH = convOutSide(input.h, k, s, padding);
  const OW = convOutSide(input.w, k, s, padding);
  const top = convPadBefore(input.h, k, s, padding);
  const left = convPadBefore(input.w, k, s, padding);
  const K = input.c * k * k;
  const P = OH * OW;
  // Gather table of the patch matrix: source index of cols[p*K + j]; padding reads the +0 kept just
  // past the copied input, so the gather loop needs no branch.
  const inSize = input.c * input.h * input.w;
  const padded = new Float64Array(inSize + 1);
  const gather = new Int32Array(P * K);
  for (let oy = 0, t = 0; oy < OH; oy++) {
    for (let ox = 0; ox < OW; ox++) {
      for (let ic = 0; ic < input.c; ic++) {
        for (let ky = 0; ky < k; ky++) {
          for (let kx = 0; kx < k; kx++, t++) {
            const y = oy * s - top + ky;
            const x = ox * s - left + kx;
            gather[t] = y >= 0 && y < input.h && x >= 0 && x < input.w ? (ic * input.h + y) * input.w + x : inSize;
          }
        }
      }
    }
  }
  const cols = new Float64Array(P * K);
  const out = new Float64Array(filters * P);
  return {
    out,
    run(src) {
      padded.set(src);
      for (let t = 0; t < gather.length; t++) cols[t] = padded[gather[t]];
      gemmBias(weight, bias, filters, K, cols, P, out);
    },
  };
}
