// Numerical gradient checks: for L = sum(y * r) with a fixed random r, backward's dx and parameter
// gradients must match central differences of L, for every layer type the IR has.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Layer as LayerSpec, Shape } from '../../../../src/arch/ir.js';
import { buildLayer, type Harness } from './harness.js';

const N = 3;
const EPS = 1e-2;

function image(c: number, h: number, w: number): Shape {
  return { kind: 'image', c, h, w };
}

/** Moves inputs away from relu's kink and spreads them so that no pooling window has a near-tie. */
function spreadInputs(h: Harness): void {
  const x = h.io.x.data;
  h.random.shuffle(Uint32Array.from(x, (_, i) => i)).forEach((q, rank) => {
    const v = 0.1 + (rank * 1.8) / x.length;
    x[q] = rank % 2 === 0 ? v : -v;
  });
}

function loss(h: Harness, r: Float32Array, n: number, training: boolean): number {
  const saved = h.random.state.slice();
  h.layer.forward(n, training);
  h.random.state.set(saved);
  const y = h.io.y.data;
  let l = 0;
  for (let i = 0; i < r.length; i++) l += y[i] * r[i];
  return l;
}

function check(spec: LayerSpec, input: Shape, opts: { spread?: boolean; n?: number } = {}): void {
  const n = opts.n ?? N;
  const h = buildLayer(spec, input, n, 7);
  if (opts.spread) spreadInputs(h);
  const r = Float32Array.from(h.io.dy.data, () => h.random.float() * 2 - 1);
  loss(h, r, n, true);
  h.io.dy.data.set(r);
  for (const p of h.params) p.grad.data.fill(0);
  h.io.dx.data.fill(NaN);
  h.layer.backward(n);
  const targets = [
    { name: 'x', value: h.io.x.data, grad: h.io.dx.data.slice() },
    ...h.params
      .map((p, k) => ({ name: h.paramNames[k], value: p.value.data, grad: p.grad.data.slice() }))
      .filter((t) => t.name !== 'mean' && t.name !== 'variance'),
  ];
  for (const t of targets) {
    for (let i = 0; i < t.value.length; i++) {
      const v = t.value[i];
      t.value[i] = v + EPS;
      const plus = loss(h, r, n, true);
      t.value[i] = v - EPS;
      const minus = loss(h, r, n, true);
      t.value[i] = v;
      const numeric = (plus - minus) / (2 * EPS);
      const tolerance = 2e-3 + 1e-2 * Math.abs(numeric);
      assert.ok(
        Math.abs(t.grad[i] - numeric) <= tolerance,
        `${spec.type} d${t.name}[${i}]: backward ${t.grad[i]}, numeric ${numeric}`,
      );
    }
  }
}

describe('gradient checks', () => {
  it('conv2d, same padding, stride 1', () =>
    check({ type: 'conv2d', filters: 9, kernel: 3, stride: 1, padding: 'same' }, image(2, 5, 5)));
  it('conv2d, same padding, stride 2, even kernel', () =>
    check({ type: 'conv2d', filters: 3, kernel: 2, stride: 2, padding: 'same' }, image(2, 5, 4)));
  it('conv2d, valid padding, stride 2', () =>
    check({ type: 'conv2d', filters: 4, kernel: 3, stride: 2, padding: 'valid' }, image(3, 7, 6)));
  it('conv2d, 1x1', () =>
    check({ type: 'conv2d', filters: 5, kernel: 1, stride: 1, padding: 'valid' }, image(3, 3, 3)));
  it('maxPool2d', () => check({ type: 'maxPool2d', size: 2, stride: 2 }, image(2, 9, 11), { spread: true }));
  it('maxPool2d, overlapping windows', () =>
    check({ type: 'maxPool2d', size: 3, stride: 2 }, image(2, 7, 7), { spread: true }));
  it('avgPool2d', () => check({ type: 'avgPool2d', size: 3, stride: 2 }, image(2, 7, 6)));
  it('globalAvgPool', () => check({ type: 'globalAvgPool' }, image(3, 4, 5)));
  it('batchNorm on an image', () => check({ type: 'batchNorm' }, image(3, 3, 2)));
  it('batchNorm on a flat vector', () => check({ type: 'batchNorm' }, { kind: 'flat', n: 5 }, { n: 4 }));
  it('dropout', () => check({ type: 'dropout', rate: 0.4 }, { kind: 'flat', n: 20 }));
  it('flatten', () => check({ type: 'flatten' }, image(2, 3, 3)));
  it('dense', () => check({ type: 'dense', units: 9 }, { kind: 'flat', n: 13 }, { n: 5 }));
  it('relu', () => check({ type: 'activation', fn: 'relu' }, { kind: 'flat', n: 17 }, { spread: true }));
  it('sigmoid', () => check({ type: 'activation', fn: 'sigmoid' }, image(2, 3, 3)));
  it('tanh', () => check({ type: 'activation', fn: 'tanh' }, { kind: 'flat', n: 11 }));
});
