import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import ort from 'onnxruntime-node';
import type { Architecture } from '../../../../src/arch/ir.js';
import { loadDataset } from '../../../../src/io/data/load.js';
import { argmax, compileForward } from '../../../../src/ml/eval/forward.js';
import { modelToOnnx } from '../../../../src/ml/export/onnx.js';
import { GRAMMAR_ID_BYTES, type Model } from '../../../../src/ml/model/model.js';
import { randomModel } from '../../../../src/ml/model/random-model.js';
import type { Split } from '../../../../src/ml/data/split.js';
import { train } from '../../../../src/ml/train/trainer.js';
import { MNIST } from '../../../helpers/shared-data.js';

// Every layer type, with 'same' padding at stride 2 (uneven padding) and batch norm on images and vectors.
const arch: Architecture = {
  input: { kind: 'image', h: 28, w: 28, c: 1 },
  classes: 10,
  layers: [
    { type: 'conv2d', filters: 6, kernel: 3, stride: 2, padding: 'same' },
    { type: 'batchNorm' },
    { type: 'activation', fn: 'tanh' },
    { type: 'conv2d', filters: 4, kernel: 4, stride: 1, padding: 'same' },
    { type: 'activation', fn: 'sigmoid' },
    { type: 'avgPool2d', size: 3, stride: 2 },
    { type: 'dropout', rate: 0.5 },
    { type: 'conv2d', filters: 8, kernel: 2, stride: 1, padding: 'valid' },
    { type: 'maxPool2d', size: 2, stride: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 16 },
    { type: 'batchNorm' },
    { type: 'activation', fn: 'relu' },
    { type: 'dense', units: 10 },
  ],
};

/** Runs the export in onnxruntime on `split` and compares with the exact evaluator; returns the evaluator's accuracy. */
async function assertOnnxAgrees(model: Model, split: Split): Promise<number> {
  const session = await ort.InferenceSession.create(modelToOnnx(model), { intraOpNumThreads: 1 });
  const out = await session.run({ input: new ort.Tensor('float32', split.x, [split.count, 1, 28, 28]) });
  const onnxLogits = out.logits.data as Float32Array;
  assert.deepEqual(out.logits.dims, [split.count, 10]);
  const forward = compileForward(model);
  let agree = 0;
  let correct = 0;
  let worst = 0;
  for (let i = 0; i < split.count; i++) {
    const logits = forward.logits(split.x, i * 784);
    const theirs = onnxLogits.subarray(i * 10, (i + 1) * 10);
    for (let k = 0; k < 10; k++) worst = Math.max(worst, Math.abs(logits[k] - theirs[k]));
    if (argmax(logits) === argmax(Float64Array.from(theirs))) agree++;
    if (argmax(logits) === split.y[i]) correct++;
  }
  assert.ok(agree >= 0.999 * split.count, `argmax agrees on ${agree} of ${split.count}`);
  assert.ok(worst <= 1e-4, `largest logit difference ${worst}`);
  return correct / split.count;
}

test(
  "onnxruntime runs the export with the evaluator's predictions on the MNIST test set (seeded weights)",
  MNIST.options,
  async () => {
    await assertOnnxAgrees(randomModel(arch, 4), loadDataset(MNIST.require()).test!);
  },
);

test(
  "a trained reference CNN's export predicts as the evaluator does on the MNIST test set",
  MNIST.options,
  async () => {
    const reference = JSON.parse(
      readFileSync(new URL('../../../../bench/reference-cnn.json', import.meta.url), 'utf8'),
    ) as Architecture;
    const { params } = await train(reference, loadDataset('default'), { seed: 1 }, { epochs: 1, workers: 1 });
    const model: Model = { grammarId: new Uint8Array(GRAMMAR_ID_BYTES), phenotype: '', arch: reference, params };
    const accuracy = await assertOnnxAgrees(model, loadDataset(MNIST.require()).test!);
    assert.ok(accuracy > 0.9, `the model is trained (test accuracy ${accuracy})`);
  },
);

test('a flat-input model with batch norm and no convolution exports too', async () => {
  const model = randomModel(
    {
      input: { kind: 'flat', n: 5 },
      classes: 3,
      layers: [
        { type: 'batchNorm' },
        { type: 'dense', units: 4 },
        { type: 'activation', fn: 'sigmoid' },
        { type: 'dense', units: 3 },
      ],
    },
    2,
  );
  const x = Float32Array.of(0.1, 0.9, 0.5, 0, 1, 0.3, 0.3, 0.7, 0.2, 0.6);
  const session = await ort.InferenceSession.create(modelToOnnx(model));
  const logits = (await session.run({ input: new ort.Tensor('float32', x, [2, 5]) })).logits.data as Float32Array;
  const forward = compileForward(model);
  for (let s = 0; s < 2; s++) {
    const ours = forward.logits(x, s * 5);
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(ours[k] - logits[s * 3 + k]) < 1e-5);
  }
});
