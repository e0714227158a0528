// Regenerates the evaluator test vectors: node --import tsx test/spec/vectors/evaluator/generate.ts
// A small model touching every evaluator path (padding, strides, batch norm, tanh, sigmoid, pooling),
// seeded inputs, and the logits' float64 bit patterns that the spec (docs/PROTOCOL.md) gives them.
// Run it only when the protocol changes on purpose; the test checks the committed files.
import { writeFileSync } from 'node:fs';
import '../../../helpers/setup.js';
import type { Architecture } from '../../../../src/arch/ir.js';
import { exp64, sigmoid64, tanh64 } from '../../../../src/ml/eval/exp.js';
import { argmax, compileForward } from '../../../../src/ml/eval/forward.js';
import { encodeModel } from '../../../../src/ml/model/codec.js';
import { randomModel } from '../../../../src/ml/model/random-model.js';
import { modelRoot } from '../../../../src/ml/model/root.js';
import { Random } from '../../../../src/ml/tensor/random.js';
import { f32Hex, f64Hex } from './hex.js';

const dir = new URL('.', import.meta.url);
const arch: Architecture = {
  input: { kind: 'image', h: 10, w: 10, c: 2 },
  classes: 3,
  layers: [
    { type: 'conv2d', filters: 4, kernel: 3, stride: 1, padding: 'same' },
    { type: 'batchNorm' },
    { type: 'activation', fn: 'tanh' },
    { type: 'maxPool2d', size: 2, stride: 2 },
    { type: 'avgPool2d', size: 2, stride: 1 },
    { type: 'conv2d', filters: 6, kernel: 3, stride: 2, padding: 'same' },
    { type: 'activation', fn: 'sigmoid' },
    { type: 'globalAvgPool' },
    { type: 'dense', units: 5 },
    { type: 'batchNorm' },
    { type: 'activation', fn: 'relu' },
    { type: 'dropout', rate: 0.25 },
    { type: 'dense', units: 3 },
  ],
};
const model = randomModel(arch, 1);
// Scale the convolutions and the first dense layer up so that tanh and sigmoid see arguments well away from 0.
for (const k of [0, 6, 8]) model.params[k] = model.params[k].map((w) => w * 8);
model.phenotype = 'test vector';
model.grammarId = new Uint8Array(32).map((_, i) => i);
const file = encodeModel(model);
writeFileSync(new URL('model.cai', dir), file);

const SAMPLES = 8;
const size = 10 * 10 * 2;
const rng = new Random(7);
const x = new Float32Array(SAMPLES * size).map((_, i) => (i < size ? 0 : i < 2 * size ? 1 : rng.float()));
const labels = Array.from({ length: SAMPLES }, () => rng.nextU32() % 3);
const forward = compileForward(model);
const logits = Array.from({ length: SAMPLES }, (_, s) => Array.from(forward.logits(x, s * size)));
const predictions = logits.map((l) => argmax(Float64Array.from(l)));
const confusion = new Array<number>(9).fill(0);
labels.forEach((y, s) => confusion[y * 3 + predictions[s]]++);
const expX = [-800, -708.5, -100, -37.5, -3.7, -1, -0.3, -1e-10, 0, 1e-10, 0.5, 1, 2.5, 10, 88.7, 354.5, 708.9, 709.5];

const vectors = {
  modelRoot: Buffer.from(modelRoot(file)).toString('hex'),
  modelBytes: file.length,
  /** Per sample, the float32 inputs' bit patterns concatenated (8 hex digits each). */
  inputs: Array.from({ length: SAMPLES }, (_, s) => Array.from(x.subarray(s * size, (s + 1) * size), f32Hex).join('')),
  labels,
  logits: logits.map((l) => l.map(f64Hex)),
  predictions,
  confusion,
  correct: labels.filter((y, s) => y === predictions[s]).length,
  exp: expX.map((v) => ({
    x: f64Hex(v),
    exp: f64Hex(exp64(v)),
    sigmoid: f64Hex(sigmoid64(v)),
    tanh: f64Hex(tanh64(v)),
  })),
};
writeFileSync(new URL('vectors.json', dir), JSON.stringify(vectors, null, 1) + '\n');
console.log(`wrote model.cai (${file.length} bytes) and vectors.json`);
