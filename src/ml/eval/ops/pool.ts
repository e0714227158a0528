// Pooling over size x size windows, visited row by row (ky, then kx).
//   max: start from the window's first value, replace it by each later value that is greater (>).
//   average: start from the first value, add the others in order, divide by size*size.
//   global average: the same over the whole H x W plane, divided by H*W.
import { poolOutSide, type Shape } from '../../../arch/ir.js';
import type { Step } from './step.js';

type Image = Extract<Shape, { kind: 'image' }>;

export function poolStep(kind: 'max' | 'avg', size: number, stride: number, input: Image): Step {
  const { c, h, w } = input;
  const OH = poolOutSide(h, size, stride);
  const OW = poolOutSide(w, size, stride);
  const out = new Float64Array(c * OH * OW);
  // Offsets of the window's cells from its top-left cell, in visiting order.
  const cells = new Int32Array(size * size).map((_, t) => Math.floor(t / size) * w + (t % size));
  const area = size * size;
  const run =
    kind === 'max'
      ? (src: Float64Array, base: number) => {
          let m = src[base];
          for (let t = 1; t < area; t++) {
            const v = src[base + cells[t]];
            if (v > m) m = v;
          }
          return m;
        }
      : (src: Float64Array, base: number) => {
          let s = src[base];
          for (let t = 1; t < area; t++) s += src[base + cells[t]];
          return s / area;
        };
  return {
    out,
    run(src) {
      let o = 0;
      for (let ch = 0; ch < c; ch++) {
        for (let oy = 0; oy < OH; oy++) {
          const row = (ch * h + oy * stride) * w;
          for (let ox = 0; ox < OW; ox++) out[o++] = run(src, row + ox * stride);
        }
      }
    },
  };
}

export function globalAvgPoolStep(input: Image): Step {
  const { c } = input;
  const plane = input.h * input.w;
  const out = new Float64Array(c);
  return {
    out,
    run(src) {
      for (let ch = 0; ch < c; ch++) {
        let acc = src[ch * plane];
        for (let i = 1; i < plane; i++) acc += src[ch * plane + i];
        out[ch] = acc / plane;
      }
    },
  };
}
