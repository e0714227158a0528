import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDataset } from '../../../../src/io/data/load.js';
import { sliceSplit } from '../../../../src/ml/data/dataset.js';
import { evaluateSplit } from '../../../../src/ml/eval/evaluate.js';
import { evaluateParallel } from '../../../../src/ml/eval-pool/parallel.js';
import { totalCount } from '../../../../src/ml/eval/score.js';
import { encodeModel } from '../../../../src/ml/model/codec.js';
import { smallCnn } from './small-cnn.js';

test('1, 2 and 3 workers (claiming chunks as they come) give the same confusion matrix as one thread', async () => {
  const model = smallCnn;
  const split = sliceSplit(loadDataset('default').validation, 0, 901);
  const expected = evaluateSplit(model, split);
  assert.equal(totalCount(expected), 901);
  const file = encodeModel(model);
  for (const workers of [1, 2, 3]) {
    assert.deepEqual(await evaluateParallel(file, split, workers), expected, `${workers} workers`);
  }
});
