import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convOutSide, convPadBefore, type Architecture } from '../../../../src/arch/ir.js';
import { argmax, compileForward } from '../../../../src/ml/eval/forward.js';
import { randomModel } from '../../../../src/ml/model/random-model.js';
import { Random } from '../../../../src/ml/tensor/random.js';

// The convolution written straight from the spec: per output, bias then (ic, ky, kx) in order,
// padding read as +0. The evaluator's blocked GEMM must give the same bits.
function referenceConv(
  x: Float64Array,
  c: number,
  h: number,
  w: number,
  weight: Float32Array,
  bias: Float32Array,
  filters: number,
  k: number,
  s: number,
  padding: 'same' | 'valid',
): Float64Array {
  const [OH, OW] = [convOutSide(h, k, s, padding), convOutSide(w, k, s, padding)];
  const [top, left] = [convPadBefore(h, k, s, padding), convPadBefore(w, k, s, padding)];
  const out = new Float64Array(filters * OH * OW);
  for (let f = 0; f < filters; f++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        let acc = bias[f];
        for (let ic = 0; ic < c; ic++) {
          for (let ky = 0; ky < k; ky++) {
            for (let kx = 0; kx < k; kx++) {
              const [y, xx] = [oy * s - top + ky, ox * s - left + kx];
              const v = y >= 0 && y < h && xx >= 0 && xx < w ? x[(ic * h + y) * w + xx] : 0;
              acc += weight[((f * c + ic) * k + ky) * k + kx] * v;
            }
          }
        }
        out[(f * OH + oy) * OW + ox] = acc;
      }
    }
  }
  return out;
}

test('convolution equals the spec-order reference bit for bit, across strides, paddings and odd sizes', () => {
  const cases = [
    { c: 1, h: 7, w: 5, filters: 5, k: 3, s: 1, padding: 'same' as const },
    { c: 3, h: 9, w: 9, filters: 6, k: 3, s: 2, padding: 'same' as const },
    { c: 2, h: 8, w: 6, filters: 4, k: 2, s: 2, padding: 'valid' as const },
    { c: 2, h: 6, w: 7, filters: 7, k: 5, s: 3, padding: 'same' as const },
  ];
  for (const { c, h, w, filters, k, s, padding } of cases) {
    const arch: Architecture = {
      input: { kind: 'image', h, w, c },
      classes: 2,
      layers: [
        { type: 'conv2d', filters, kernel: k, stride: s, padding },
        { type: 'flatten' },
        { type: 'dense', units: 2 },
      ],
    };
    const model = randomModel(arch, h * w + k);
    const dense = model.params[2];
    // Read the convolution's output through a dense layer that picks out element 0..n-1 one at a time.
    const rng = new Random(c + k);
    const x = Float32Array.from({ length: c * h * w }, () => rng.float());
    const expected = referenceConv(
      Float64Array.from(x),
      c,
      h,
      w,
      model.params[0],
      model.params[1],
      filters,
      k,
      s,
      padding,
    );
    for (let i = 0; i < expected.length; i++) {
      dense.fill(0);
      dense[i] = 1; // unit 0 reads element i exactly: bias + 1*v + 0*others
      model.params[3].fill(0);
      const got = compileForward(model).logits(x, 0)[0];
      assert.equal(got, expected[i], `case ${JSON.stringify({ c, h, w, filters, k, s, padding })} element ${i}`);
    }
  }
});

test('argmax sends ties to the lowest index and needs a strictly greater value to move', () => {
  assert.equal(argmax(Float64Array.of(1, 3, 3, 2)), 1);
  assert.equal(argmax(Float64Array.of(0, -0, 0)), 0);
  assert.equal(argmax(Float64Array.of(-1, -1)), 0);
  assert.equal(argmax(Float64Array.of(NaN, 5, 7)), 0);
  assert.equal(argmax(Float64Array.of(1, NaN, 7)), 2);
});
