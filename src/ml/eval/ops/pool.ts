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
  const area = size * size;
  return {
    out,
    run(src) {
      let o = 0;
      for (let ch = 0; ch < c; ch++) {
        for (let oy = 0; oy < OH; oy++) {
          for (let ox = 0; ox < OW; ox++, o++) {
            const base = (ch * h + oy * stride) * w + ox * stride;
            let acc = src[base];
            for (let ky = 0; ky < size; ky++) {
              for (let kx = ky === 0 ? 1 : 0; kx < size; kx++) {
                const v = src[base + ky * w + kx];
                if (kind === 'max') {
                  if (v > acc) acc = v;
                } else {
                  acc += v;
                }
              }
            }
            out[o] = kind === 'max' ? acc : acc / area;
          }
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
