import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDataset } from '../../../../src/io/data/load.js';
import { sliceSplit } from '../../../../src/ml/data/dataset.js';
import { evaluateSplit } from '../../../../src/ml/eval/evaluate.js';
import { evaluateParallel } from '../../../../src/ml/eval-pool/parallel.js';
import { totalCount } from '../../../../src/ml/eval/score.js';
import { encodeModel } from '../../../../src/ml/model/codec.js';
import { randomModel } from '../../../../src/ml/model/random-model.js';

test('1, 2 and 3 workers (claiming chunks as they come) give the same confusion matrix as one thread', async () => {
  const model = randomModel(
    {
      input: { kind: 'image', h: 28, w: 28, c: 1 },
      classes: 10,
      layers: [
        { type: 'conv2d', filters: 4, kernel: 3, stride: 2, padding: 'same' },
        { type: 'activation', fn: 'tanh' },
        { type: 'flatten' },
        { type: 'dense', units: 10 },
      ],
    },
    11,
  );
  const split = sliceSplit(loadDataset('default').validation, 0, 901);
  const expected = evaluateSplit(model, split);
  assert.equal(totalCount(expected), 901);
  const file = encodeModel(model);
  for (const workers of [1, 2, 3]) {
    assert.deepEqual(await evaluateParallel(file, split, workers), expected, `${workers} workers`);
  }
});
