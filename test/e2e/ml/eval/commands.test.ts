// coinai eval / predict / export, run as a user runs them.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import ort from 'onnxruntime-node';
import { PNG } from 'pngjs';
import type { Architecture } from '../../../../src/arch/ir.js';
import { loadDataset } from '../../../../src/io/data/load.js';
import { evaluateSplit, predictClasses } from '../../../../src/ml/eval/evaluate.js';
import { correctCount } from '../../../../src/ml/eval/score.js';
import { writeModelFile } from '../../../../src/io/model-file.js';
import { randomModel } from '../../../../src/ml/model/random-model.js';
import { runCli } from '../../../helpers/cli.js';

const arch: Architecture = {
  input: { kind: 'image', h: 28, w: 28, c: 1 },
  classes: 10,
  layers: [
    { type: 'conv2d', filters: 4, kernel: 5, stride: 3, padding: 'valid' },
    { type: 'activation', fn: 'relu' },
    { type: 'flatten' },
    { type: 'dense', units: 10 },
  ],
};
const dir = mkdtempSync(join(tmpdir(), 'coinai-cli-'));
const model = randomModel(arch, 21);
const modelPath = join(dir, 'm.cai');
writeModelFile(modelPath, model);

test('coinai eval prints the same counts with 1 and 2 workers, equal to the evaluator', () => {
  const runs = ['1', '2'].map((w) =>
    runCli(['eval', '--model', modelPath, '--data', 'default', '--workers', w, '--json']),
  );
  for (const r of runs) assert.equal(r.status, 0, r.stderr);
  const [one, two] = runs.map((r) => JSON.parse(r.stdout));
  assert.deepEqual(one, two);
  const validation = loadDataset('default').validation;
  const expected = evaluateSplit(model, validation);
  assert.deepEqual(one, {
    correct: correctCount(expected),
    total: validation.count,
    score: correctCount(expected) / validation.count,
    metric: 'accuracy',
  });
});

test('coinai eval fails with one clear line on a bad model file or a missing split', () => {
  const bad = join(dir, 'bad.cai');
  writeFileSync(bad, readFileSync(modelPath).subarray(0, 100));
  const r = runCli(['eval', '--model', bad, '--data', 'default']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`^error: ${bad}: \\d+ bytes of weights, expected \\d+ \\(\\d+ float32\\)\\n$`));
  const noTest = runCli(['eval', '--model', modelPath, '--data', 'default', '--split', 'test']);
  assert.equal(noTest.status, 1);
  assert.match(noTest.stderr, /^error: default: data set mnist-10k has no test split\n$/);
});

test('coinai predict classifies CSV rows and a PNG as the evaluator does', () => {
  const x = loadDataset('default').validation.x.subarray(0, 3 * 784);
  const expected = Array.from(predictClasses(model, x, 3));
  const csv = join(dir, 'in.csv');
  writeFileSync(csv, [0, 1, 2].map((s) => Array.from(x.subarray(s * 784, (s + 1) * 784)).join(',')).join('\n'));
  const r = runCli(['predict', '--model', modelPath, '--input', csv, '--json']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), expected);
  const png = new PNG({ width: 28, height: 28 });
  for (let i = 0; i < 784; i++) png.data.set([x[i] * 255, x[i] * 255, x[i] * 255, 255].map(Math.round), 4 * i);
  const pngPath = join(dir, 'in.png');
  writeFileSync(pngPath, PNG.sync.write(png));
  const p = runCli(['predict', '--model', modelPath, '--input', pngPath]);
  assert.equal(p.status, 0, p.stderr);
  assert.equal(p.stdout, `${expected[0]}\n`);
});

test('coinai export writes an ONNX file that onnxruntime loads', async () => {
  const out = join(dir, 'm.onnx');
  const r = runCli(['export', '--model', modelPath, '--format', 'onnx', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const session = await ort.InferenceSession.create(out);
  assert.deepEqual(session.outputNames, ['logits']);
  const bad = runCli(['export', '--model', modelPath, '--format', 'tflite', '--out', out]);
  assert.equal(bad.stderr, "error: --format must be onnx, not 'tflite'\n");
});
