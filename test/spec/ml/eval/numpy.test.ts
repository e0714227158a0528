// The consensus evaluator (src/ml/eval, compileForward) against an independent forward pass: numpy_forward.py,
// float64 numpy written from docs/PROTOCOL.md 4.1-4.3, which parses each model file itself (it gets the file's
// bytes, never weights or shapes from TypeScript).
//
// Tolerance. Both sides compute in binary64, but the protocol fixes every sum's order (bias first, then term by
// term) and its exp is a polynomial of its own, while numpy sums pairwise or in BLAS (possibly with fused
// multiply-add) and uses libm's exp and tanh. The two therefore agree to rounding, not bit for bit: for these models
// (sums of at most a few thousand terms, values of order 1) the observed gap is below 1e-15. A logit must match within
// TOLERANCE * (1 + |logit|) with TOLERANCE = 1e-11, a margin of about 10^4 over rounding, while any real mistake
// (an index, a padding offset, the parameter order, a missing bias, the batch-norm epsilon) moves logits by far
// more. Predictions must be identical wherever the top two logits are further apart than that tolerance (a near-tie
// could legitimately flip; none is expected with these inputs, and the test reports how many it saw).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { shapeSize, type Architecture, type Shape } from '../../../../src/arch/ir.js';
import { phenotypeToArchitecture } from '../../../../src/arch/semantics.js';
import { sha3_512 } from '../../../../src/crypto/hash.js';
import { deriveTerminals } from '../../../../src/grammar/derive.js';
import { loadGrammar } from '../../../../src/io/grammar-file.js';
import { argmax, compileForward } from '../../../../src/ml/eval/forward.js';
import { decodeModel, encodeModel } from '../../../../src/ml/model/codec.js';
import { randomModel } from '../../../../src/ml/model/random-model.js';
import { pythonWithNumpy } from '../../../helpers/python.js';
import { hexF32 } from '../../vectors/evaluator/hex.js';

const TOLERANCE = 1e-11;
const SCRIPT = new URL('numpy_forward.py', import.meta.url).pathname;
const python = pythonWithNumpy();
const dir = mkdtempSync(join(tmpdir(), 'coinai-numpy-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Deterministic inputs in [0, 1): a few all-zero and all-one samples, the rest from a fixed LCG. */
function inputs(shape: Shape, count: number, seed: number): Float32Array {
  const size = shapeSize(shape);
  const x = new Float32Array(size * count);
  let s = seed >>> 0;
  for (let i = 0; i < x.length; i++) {
    const sample = Math.floor(i / size);
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = sample === 0 ? 0 : sample === 1 ? 1 : s / 2 ** 32;
  }
  return x;
}

function crossCheck(name: string, file: Uint8Array, x: Float32Array): string {
  const py = python.require();
  const model = decodeModel(file);
  const size = shapeSize(model.arch.input);
  const count = x.length / size;
  const modelPath = join(dir, `${name}.cai`);
  const inputPath = join(dir, `${name}.f32`);
  writeFileSync(modelPath, file);
  writeFileSync(inputPath, Buffer.from(x.buffer, x.byteOffset, x.byteLength)); // little-endian on every target node runs on
  const r = spawnSync(py, [SCRIPT, modelPath, inputPath], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `numpy_forward.py failed: ${r.error?.message ?? r.stderr}`);
  const theirs = JSON.parse(r.stdout) as { logits: number[][]; predictions: number[] };
  assert.equal(theirs.logits.length, count);
  const forward = compileForward(model);
  let worst = 0;
  let nearTies = 0;
  for (let s = 0; s < count; s++) {
    const ours = Float64Array.from(forward.logits(x, s * size));
    assert.equal(theirs.logits[s].length, model.arch.classes);
    theirs.logits[s].forEach((t, k) => {
      const diff = Math.abs(ours[k] - t);
      worst = Math.max(worst, diff / (1 + Math.abs(ours[k])));
      assert.ok(
        diff <= TOLERANCE * (1 + Math.abs(ours[k])),
        `${name} sample ${s} logit ${k}: ${ours[k]} vs numpy ${t}`,
      );
    });
    const sorted = Array.from(ours).sort((a, b) => b - a);
    if (sorted.length > 1 && sorted[0] - sorted[1] <= TOLERANCE * (1 + Math.abs(sorted[0]))) nearTies++;
    else assert.equal(argmax(ours), theirs.predictions[s], `${name} sample ${s}: prediction`);
  }
  return `${name}: ${count} samples, largest relative logit difference ${worst.toExponential(2)}, ${nearTies} near-ties`;
}

test(
  'the evaluator vectors model (test/spec/vectors/evaluator/model.cai) on its vector inputs',
  python.options,
  (t) => {
    const vdir = new URL('../../vectors/evaluator/', import.meta.url);
    const file = readFileSync(new URL('model.cai', vdir));
    const v = JSON.parse(readFileSync(new URL('vectors.json', vdir), 'utf8')) as {
      inputs: string[];
      predictions: number[];
    };
    const x = Float32Array.from(v.inputs.flatMap((hex) => hex.match(/.{8}/g)!.map(hexF32)));
    t.diagnostic(crossCheck('vectors', file, x));
  },
);

test(
  'a hand-written model with every layer type: uneven same padding, both pools, batch norm on images and vectors',
  python.options,
  (t) => {
    const arch: Architecture = {
      input: { kind: 'image', h: 13, w: 11, c: 2 },
      classes: 5,
      layers: [
        { type: 'conv2d', filters: 6, kernel: 4, stride: 2, padding: 'same' },
        { type: 'batchNorm' },
        { type: 'activation', fn: 'tanh' },
        { type: 'conv2d', filters: 5, kernel: 3, stride: 1, padding: 'same' },
        { type: 'activation', fn: 'sigmoid' },
        { type: 'maxPool2d', size: 2, stride: 1 },
        { type: 'dropout', rate: 0.25 },
        { type: 'conv2d', filters: 4, kernel: 2, stride: 1, padding: 'valid' },
        { type: 'activation', fn: 'relu' },
        { type: 'avgPool2d', size: 2, stride: 2 },
        { type: 'flatten' },
        { type: 'dense', units: 12 },
        { type: 'batchNorm' },
        { type: 'activation', fn: 'relu' },
        { type: 'dense', units: 5 },
      ],
    };
    t.diagnostic(crossCheck('every-layer', encodeModel(randomModel(arch, 3)), inputs(arch.input, 48, 1)));
  },
);

test('global average pooling and a flat-input model', python.options, (t) => {
  const gap: Architecture = {
    input: { kind: 'image', h: 9, w: 9, c: 3 },
    classes: 4,
    layers: [
      { type: 'conv2d', filters: 7, kernel: 5, stride: 3, padding: 'same' },
      { type: 'activation', fn: 'relu' },
      { type: 'globalAvgPool' },
      { type: 'dense', units: 4 },
    ],
  };
  t.diagnostic(crossCheck('gap', encodeModel(randomModel(gap, 5)), inputs(gap.input, 32, 2)));
  const flat: Architecture = {
    input: { kind: 'flat', n: 30 },
    classes: 3,
    layers: [
      { type: 'batchNorm' },
      { type: 'dense', units: 20 },
      { type: 'activation', fn: 'sigmoid' },
      { type: 'dense', units: 9 },
      { type: 'activation', fn: 'tanh' },
      { type: 'dense', units: 3 },
    ],
  };
  t.diagnostic(crossCheck('flat', encodeModel(randomModel(flat, 6)), inputs(flat.input, 64, 3)));
});

test(
  'architectures derived by the default grammar from work hashes, on 28x28x1 with 10 classes',
  python.options,
  (t) => {
    const { grammar } = loadGrammar();
    const input: Shape = { kind: 'image', h: 28, w: 28, c: 1 };
    for (let i = 0; i < 4; i++) {
      const arch = phenotypeToArchitecture(
        deriveTerminals(grammar, sha3_512(Buffer.from(`numpy cross-check ${i}`))),
        input,
        10,
      );
      t.diagnostic(crossCheck(`derived-${i}`, encodeModel(randomModel(arch, 10 + i)), inputs(input, 16, 10 + i)));
    }
  },
);
