// The WebAssembly evaluator (forward.ts) against the plain TypeScript reference written from the
// protocol (reference.ts): every logit must have the same bits, on random architectures covering
// every layer, odd sizes, strides 1-3, both paddings, kernels 1/3/5, and batches that do not fill.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  ArchitectureError,
  inferShapes,
  layerOutputShape,
  type Architecture,
  type Layer,
  type Shape,
} from '../../../../src/arch/ir.js';
import { evaluateSplit, predictClasses } from '../../../../src/ml/eval/evaluate.js';
import { exp64, sigmoid64, tanh64 } from '../../../../src/ml/eval/exp.js';
import { argmax, compileForward } from '../../../../src/ml/eval/forward.js';
import { compileReferenceForward } from '../../../../src/ml/eval/reference.js';
import { emptyConfusion } from '../../../../src/ml/eval/score.js';
import { randomModel } from '../../../../src/ml/model/random-model.js';
import { Random } from '../../../../src/ml/tensor/random.js';
import type { Model } from '../../../../src/ml/model/model.js';

const bits = (x: number) => {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  return b.getBigUint64(0).toString(16);
};

function randomArch(rng: Random): Architecture {
  const pick = <T>(xs: T[]): T => xs[rng.nextU32() % xs.length];
  const int = (lo: number, hi: number) => lo + (rng.nextU32() % (hi - lo + 1));
  const classes = int(2, 7);
  const layers: Layer[] = [];
  let shape: Shape;
  const add = (layer: Layer) => {
    try {
      shape = layerOutputShape(layer, shape);
      layers.push(layer);
    } catch (e) {
      if (!(e instanceof ArchitectureError)) throw e;
    }
  };
  const input: Shape =
    rng.float() < 0.15
      ? { kind: 'flat', n: int(1, 40) }
      : { kind: 'image', h: int(1, 13), w: int(1, 13), c: int(1, 3) };
  shape = input;
  if (input.kind === 'image') {
    for (let n = int(0, 5); n > 0; n--) {
      add(
        pick<Layer>([
          {
            type: 'conv2d',
            filters: int(1, 9),
            kernel: pick([1, 3, 5]),
            stride: int(1, 3),
            padding: pick(['same', 'valid'] as const),
          },
          {
            type: 'conv2d',
            filters: int(1, 9),
            kernel: pick([1, 2, 3, 5]),
            stride: int(1, 3),
            padding: pick(['same', 'valid'] as const),
          },
          { type: pick(['maxPool2d', 'avgPool2d'] as const), size: int(1, 3), stride: int(1, 3) },
          { type: 'batchNorm' },
          { type: 'activation', fn: pick(['relu', 'sigmoid', 'tanh'] as const) },
          { type: 'dropout', rate: 0.5 },
        ]),
      );
    }
    if (rng.float() < 0.15) {
      // No dense layer at all: the logits are a global average of `classes` filters.
      add({ type: 'conv2d', filters: classes, kernel: pick([1, 3]), stride: 1, padding: 'same' });
      add({ type: 'globalAvgPool' });
      return { input, classes, layers };
    }
    add(rng.float() < 0.7 ? { type: 'flatten' } : { type: 'globalAvgPool' });
  }
  for (let n = int(0, 2); n > 0; n--) {
    add({ type: 'dense', units: int(1, 11) });
    if (rng.float() < 0.4) add({ type: 'batchNorm' });
    add({ type: 'activation', fn: pick(['relu', 'relu', 'sigmoid', 'tanh'] as const) });
    if (rng.float() < 0.3) add({ type: 'dropout', rate: 0.1 });
  }
  add({ type: 'dense', units: classes });
  if (rng.float() < 0.2) add({ type: 'activation', fn: pick(['relu', 'sigmoid', 'tanh'] as const) });
  return { input, classes, layers };
}

/** Random weights scaled up, with some exact zeros, so that activations saturate and signs vary. */
function randomScaledModel(arch: Architecture, rng: Random): Model {
  const model = randomModel(arch, rng.nextU32());
  const scale = 1 + rng.float() * 7;
  model.params = model.params.map((p) => p.map((w) => (rng.float() < 0.05 ? 0 : w * scale)));
  return model;
}

function randomInputs(n: number, rng: Random): Float32Array {
  return new Float32Array(n).map(() => {
    const u = rng.float();
    return u < 0.05 ? 0 : u < 0.08 ? -0 : u < 0.5 ? rng.float() : rng.float() * 4 - 2;
  });
}

function assertSameLogits(model: Model, x: Float32Array, count: number, batch: number, label: string) {
  const ref = compileReferenceForward(model);
  const fast = compileForward(model, batch);
  const size = fast.inputSize;
  for (let first = 0; first < count; first += batch) {
    const n = Math.min(batch, count - first);
    const got = fast.logitsBatch(x, first * size, n);
    for (let s = 0; s < n; s++) {
      const want = Array.from(ref.logits(x, (first + s) * size), bits);
      const have = Array.from(got.subarray(s * fast.classes, (s + 1) * fast.classes), bits);
      assert.deepEqual(have, want, `${label}, sample ${first + s}, batch ${batch}`);
    }
  }
}

test('the WebAssembly evaluator equals the reference bit for bit on 150 random architectures', () => {
  const rng = new Random(20240601);
  const seen = new Set<string>();
  for (let t = 0; t < 150; t++) {
    const arch = randomArch(rng);
    inferShapes(arch);
    for (const l of arch.layers) {
      if (l.type === 'conv2d') [`kernel ${l.kernel}`, `stride ${l.stride}`, l.padding].forEach((k) => seen.add(k));
      else seen.add(l.type === 'activation' ? l.fn : l.type);
    }
    const model = randomScaledModel(arch, rng);
    const size = arch.input.kind === 'image' ? arch.input.c * arch.input.h * arch.input.w : arch.input.n;
    const count = 1 + (rng.nextU32() % 11);
    const x = randomInputs(count * size, rng);
    for (const batch of [1, 3, 8])
      assertSameLogits(model, x, count, batch, `architecture ${t}: ${JSON.stringify(arch)}`);
  }
  // The random architectures did reach every layer and the convolution variants.
  for (const want of [
    'maxPool2d',
    'avgPool2d',
    'globalAvgPool',
    'batchNorm',
    'dropout',
    'relu',
    'sigmoid',
    'tanh',
    'kernel 1',
    'kernel 3',
    'kernel 5',
    'stride 1',
    'stride 2',
    'stride 3',
    'same',
    'valid',
  ]) {
    assert.ok(seen.has(want), `no random architecture had ${want}`);
  }
});

test('the reference CNN shape (28x28, two conv+pool, dense 64) matches on real-sized batches', () => {
  const arch = JSON.parse(
    readFileSync(new URL('../../../../bench/reference-cnn.json', import.meta.url), 'utf8'),
  ) as Architecture;
  const rng = new Random(3);
  const model = randomModel(arch, 3);
  const x = new Float32Array(70 * 784).map(() => rng.float());
  assertSameLogits(model, x, 70, 64, 'reference CNN');
});

test('sigmoid and tanh in WebAssembly equal exp.ts bit for bit, saturation and signed zeros included', () => {
  const specials = [0, -0, 1e-30, -1e-30, 1e-10, 0.5, 1, 2.5, 10, 37.5, 88.7, 354.5, 354.6, 708.9, 709.5, 800, 3e38];
  const rng = new Random(9);
  const values = [
    ...specials,
    ...specials.map((v) => -v),
    ...Array.from({ length: 200 }, () => (rng.float() - 0.5) * 60),
  ];
  const x = Float32Array.from(values);
  for (const fn of ['sigmoid', 'tanh'] as const) {
    const arch: Architecture = {
      input: { kind: 'flat', n: x.length },
      classes: x.length,
      layers: [{ type: 'activation', fn }],
    };
    const got = compileForward(randomModel(arch, 1)).logits(x, 0);
    const f = fn === 'sigmoid' ? sigmoid64 : tanh64;
    x.forEach((v, i) => assert.equal(bits(got[i]), bits(f(v)), `${fn}(${v})`));
  }
  assert.equal(exp64(0), 1);
});

test('predictions and counts over many batches equal the reference argmax', () => {
  const arch: Architecture = {
    input: { kind: 'image', h: 9, w: 7, c: 2 },
    classes: 5,
    layers: [
      { type: 'conv2d', filters: 5, kernel: 3, stride: 2, padding: 'same' },
      { type: 'activation', fn: 'tanh' },
      { type: 'flatten' },
      { type: 'dense', units: 5 },
    ],
  };
  const rng = new Random(4);
  const model = randomModel(arch, 4);
  const count = 201;
  const x = randomInputs(count * 126, rng);
  const y = Uint8Array.from({ length: count }, () => rng.nextU32() % 5);
  const ref = compileReferenceForward(model);
  const expected = Array.from({ length: count }, (_, s) => argmax(ref.logits(x, s * 126)));
  assert.deepEqual(Array.from(predictClasses(model, x, count)), expected);
  const confusion = emptyConfusion(5);
  expected.forEach((p, s) => confusion.counts[y[s] * 5 + p]++);
  assert.deepEqual(evaluateSplit(model, { x, y, count }), confusion);
});

test('a batch outside 1..batch or past the inputs is refused', () => {
  const arch: Architecture = { input: { kind: 'flat', n: 3 }, classes: 2, layers: [{ type: 'dense', units: 2 }] };
  const forward = compileForward(randomModel(arch, 1), 4);
  const x = new Float32Array(12);
  assert.throws(() => forward.logitsBatch(x, 0, 5), RangeError);
  assert.throws(() => forward.logitsBatch(x, 0, 0), RangeError);
  assert.throws(() => forward.logitsBatch(x, 3, 4), RangeError);
  assert.equal(forward.logitsBatch(x, 0, 4).length, 8);
});
