// The worker-thread evaluator against the in-process one: the same counts and samples evaluated for every stop
// rule; a crashed thread answers with an error, not a result, and is replaced; nothing runs before or after use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluationOrder } from '../../../../src/consensus/evaluation-order.js';
import { loadDataset } from '../../../../src/io/data/load.js';
import { sliceSplit } from '../../../../src/ml/data/dataset.js';
import { evaluateInOrder, type StopRule } from '../../../../src/ml/eval/ordered.js';
import { correctCount } from '../../../../src/ml/eval/score.js';
import { EvalWorkerCrashed, OrderedEvalPool } from '../../../../src/ml/eval-pool/ordered-pool.js';
import { encodeModel } from '../../../../src/ml/model/codec.js';
import { smallCnn } from './small-cnn.js';

const split = sliceSplit(loadDataset('default').validation, 0, 1500);
const model = smallCnn;
const file = encodeModel(model);
const order = evaluationOrder(new Uint8Array(32).fill(7), split.count);

test('a worker gives the in-process verdict: the same counts and the same samples evaluated', async () => {
  const pool = new OrderedEvalPool(split, 1);
  assert.equal(pool.running, 0, 'started lazily');
  const truth = correctCount(evaluateInOrder(model, split, order).confusion);
  const stops: (StopRule | undefined)[] = [
    undefined, // macro-F1: every sample
    { maxCorrect: split.count, maxWrong: 0 }, // a perfect claim: stops after the first batch
    { maxCorrect: truth, maxWrong: split.count - truth }, // the true claim: a full count
    { maxCorrect: truth - 1, maxWrong: split.count - truth + 1 }, // one too few: caught late
  ];
  try {
    for (const stop of stops) {
      const expected = evaluateInOrder(model, split, order, stop);
      assert.deepEqual(await pool.evaluate(file, order, stop), expected, JSON.stringify(stop));
    }
    assert.equal(pool.running, 1);
  } finally {
    await pool.close();
  }
  assert.equal(pool.running, 0);
});

test('two threads answer concurrent jobs, each the in-process result', async () => {
  const pool = new OrderedEvalPool(split, 2);
  const other = evaluationOrder(new Uint8Array(32).fill(9), split.count);
  try {
    const [a, b] = await Promise.all([pool.evaluate(file, order), pool.evaluate(file, other)]);
    assert.equal(pool.running, 2);
    assert.deepEqual(a, evaluateInOrder(model, split, order));
    assert.deepEqual(b, evaluateInOrder(model, split, other));
  } finally {
    await pool.close();
  }
});

test('a crashed thread rejects its job as a crash, not a result, and the next job runs on a new thread', async () => {
  const pool = new OrderedEvalPool(split, 1);
  try {
    // Bytes no model decodes to: the worker's uncaught exception ends the thread.
    await assert.rejects(pool.evaluate(new Uint8Array([1, 2, 3]), order), EvalWorkerCrashed);
    assert.deepEqual(await pool.evaluate(file, order), evaluateInOrder(model, split, order));
    assert.equal(pool.running, 1);
  } finally {
    await pool.close();
  }
});

test('closing rejects the jobs still waiting and terminates every thread', async () => {
  const pool = new OrderedEvalPool(split, 1);
  const jobs = [pool.evaluate(file, order), pool.evaluate(file, order)].map((job) =>
    assert.rejects(job, EvalWorkerCrashed),
  );
  await pool.close();
  await Promise.all(jobs);
  assert.equal(pool.running, 0);
  await assert.rejects(pool.evaluate(file, order), EvalWorkerCrashed);
});
