// Forward passes against naive loops over the IR's layouts (input CHW, conv weight [F, C, k, k],
// dense weight [units, in]): the layout contract the model file and the exact evaluator rely on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convOutSide, convPadBefore, type Padding, type Shape } from '../../../../src/arch/ir.js';
import { buildLayer } from './harness.js';

function close(actual: Float32Array, expected: number[], what: string): void {
  assert.equal(actual.length >= expected.length, true);
  expected.forEach((e, i) =>
    assert.ok(Math.abs(actual[i] - e) <= 1e-5 * (1 + Math.abs(e)), `${what}[${i}]: ${actual[i]} != ${e}`),
  );
}

function convCase(c: number, h: number, w: number, filters: number, k: number, stride: number, padding: Padding): void {
  const n = 2;
  const input: Shape = { kind: 'image', c, h, w };
  const t = buildLayer({ type: 'conv2d', filters, kernel: k, stride, padding }, input, n);
  t.layer.forward(n, false);
  const [x, wt, b] = [t.io.x.data, t.params[0].value.data, t.params[1].value.data];
  const [oh, ow] = [convOutSide(h, k, stride, padding), convOutSide(w, k, stride, padding)];
  const [pt, pl] = [convPadBefore(h, k, stride, padding), convPadBefore(w, k, stride, padding)];
  const expected: number[] = [];
  for (let s = 0; s < n; s++)
    for (let f = 0; f < filters; f++)
      for (let oy = 0; oy < oh; oy++)
        for (let ox = 0; ox < ow; ox++) {
          let sum = b[f];
          for (let ch = 0; ch < c; ch++)
            for (let ky = 0; ky < k; ky++)
              for (let kx = 0; kx < k; kx++) {
                const [iy, ix] = [oy * stride + ky - pt, ox * stride + kx - pl];
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                sum += wt[((f * c + ch) * k + ky) * k + kx] * x[((s * c + ch) * h + iy) * w + ix];
              }
          expected.push(sum);
        }
  close(t.io.y.data, expected, 'conv');
}

describe('forward layouts', () => {
  it('conv2d matches direct convolution', () => {
    convCase(3, 9, 10, 10, 3, 1, 'same');
    convCase(2, 8, 7, 5, 4, 3, 'same');
    convCase(4, 11, 9, 17, 5, 2, 'valid');
    convCase(16, 6, 6, 32, 3, 1, 'same');
  });

  it('dense matches x W^T + b', () => {
    const [n, inputs, units] = [6, 37, 11];
    const t = buildLayer({ type: 'dense', units }, { kind: 'flat', n: inputs }, n);
    t.layer.forward(n, false);
    const [x, wt, b] = [t.io.x.data, t.params[0].value.data, t.params[1].value.data];
    const expected: number[] = [];
    for (let s = 0; s < n; s++)
      for (let u = 0; u < units; u++) {
        let sum = b[u];
        for (let i = 0; i < inputs; i++) sum += wt[u * inputs + i] * x[s * inputs + i];
        expected.push(sum);
      }
    close(t.io.y.data, expected, 'dense');
  });

  it('maxPool2d drops the partial window at the edge', () => {
    const t = buildLayer({ type: 'maxPool2d', size: 2, stride: 2 }, { kind: 'image', c: 1, h: 3, w: 3 }, 1);
    t.io.x.data.set([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    t.layer.forward(1, false);
    close(t.io.y.data, [5], 'maxPool');
  });

  it('maxPool2d matches window maxima, 2x2 fast path and general windows', () => {
    for (const [size, stride] of [
      [2, 2],
      [3, 2],
      [2, 1],
    ]) {
      const [c, h, w] = [3, 9, 13];
      const t = buildLayer({ type: 'maxPool2d', size, stride }, { kind: 'image', c, h, w }, 2);
      t.layer.forward(2, false);
      const [oh, ow] = [Math.floor((h - size) / stride) + 1, Math.floor((w - size) / stride) + 1];
      const x = t.io.x.data;
      const expected: number[] = [];
      for (let plane = 0; plane < 2 * c; plane++)
        for (let oy = 0; oy < oh; oy++)
          for (let ox = 0; ox < ow; ox++) {
            let best = -Infinity;
            for (let ky = 0; ky < size; ky++)
              for (let kx = 0; kx < size; kx++)
                best = Math.max(best, x[(plane * h + oy * stride + ky) * w + ox * stride + kx]);
            expected.push(best);
          }
      close(t.io.y.data, expected, `maxPool ${size}/${stride}`);
    }
  });

  it('batchNorm in evaluation uses the running statistics', () => {
    const t = buildLayer({ type: 'batchNorm' }, { kind: 'flat', n: 2 }, 1);
    const [gamma, beta, mean, variance] = t.params.map((p) => p.value.data);
    gamma.set([2, 1]);
    beta.set([0.5, 0]);
    mean.set([1, -1]);
    variance.set([4, 1]);
    t.io.x.data.set([3, 0]);
    t.layer.forward(1, false);
    close(t.io.y.data, [2 * (2 / Math.sqrt(4 + 1e-5)) + 0.5, 1 / Math.sqrt(1 + 1e-5)], 'batchNorm');
  });

  it('batchNorm in training moves running statistics like PyTorch (momentum 0.1, unbiased variance)', () => {
    const t = buildLayer({ type: 'batchNorm' }, { kind: 'flat', n: 1 }, 4);
    const [, , mean, variance] = t.params.map((p) => p.value.data);
    mean.set([0]);
    variance.set([1]);
    t.io.x.data.set([1, 2, 3, 6]);
    t.layer.forward(4, true);
    close(mean, [0.3], 'running mean');
    close(variance, [0.9 + 0.1 * (14 / 3)], 'running variance');
  });
});
