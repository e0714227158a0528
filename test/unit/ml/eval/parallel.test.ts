import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDataset } from '../../../../src/io/data/load.js';
import { sliceSplit } from '../../../../src/ml/data/dataset.js';
import { evaluateSplit } from '../../../../src/ml/eval/evaluate.js';
import { evaluateParallel, evaluateParallelInOrder } from '../../../../src/ml/eval-pool/parallel.js';
import { evaluateInOrder } from '../../../../src/ml/eval/ordered.js';
import { correctCount } from '../../../../src/ml/eval/score.js';
import { evaluationOrder } from '../../../../src/consensus/evaluation-order.js';
import { totalCount } from '../../../../src/ml/eval/score.js';
import { encodeModel } from '../../../../src/ml/model/codec.js';
import { randomModel } from '../../../../src/ml/model/random-model.js';

const model = () =>
  randomModel(
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

test('in a given order: a full count equals evaluateInOrder, and a passed bound stops every thread early', async () => {
  const m = model();
  const file = encodeModel(m);
  const split = sliceSplit(loadDataset('default').validation, 0, 2000);
  const order = evaluationOrder(new Uint8Array(32), split.count);
  const full = evaluateInOrder(m, split, order);
  const truth = correctCount(full.confusion);
  for (const workers of [1, 3]) {
    assert.deepEqual(await evaluateParallelInOrder(file, split, workers, order), full, `${workers} workers`);
    // A claim of every sample right (no wrong one allowed): refuted in the first chunks.
    const lie = await evaluateParallelInOrder(file, split, workers, order, { maxCorrect: split.count, maxWrong: 0 });
    assert.ok(lie.evaluated < split.count / 2, `${lie.evaluated} of ${split.count} with ${workers} workers`);
    assert.ok(lie.evaluated - correctCount(lie.confusion) > 0);
    // The true claim: never stopped, the full count.
    const honest = await evaluateParallelInOrder(file, split, workers, order, {
      maxCorrect: truth,
      maxWrong: split.count - truth,
    });
    assert.deepEqual(honest, full);
  }
});

test('1, 2 and 3 workers (claiming chunks as they come) give the same confusion matrix as one thread', async () => {
  const m = model();
  const split = sliceSplit(loadDataset('default').validation, 0, 901);
  const expected = evaluateSplit(m, split);
  assert.equal(totalCount(expected), 901);
  const file = encodeModel(m);
  for (const workers of [1, 2, 3]) {
    assert.deepEqual(await evaluateParallel(file, split, workers), expected, `${workers} workers`);
  }
});
