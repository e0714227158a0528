import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paramSpecs } from '../../../../src/arch/ir.js';
import { evaluate } from '../../../../src/ml/train/evaluate.js';
import { ThreadLimit } from '../../../../src/ml/train/thread-limit.js';
import { train } from '../../../../src/ml/train/trainer.js';
import { SMALL_CNN, quadrants } from './synthetic.js';

const data = { train: quadrants(512, 1), validation: quadrants(128, 2) };
const hp = { batchSize: 16, learningRate: 0.01, seed: 3 };

describe('train', () => {
  it('learns a small problem with every layer type, on two workers', async () => {
    const result = await train(SMALL_CNN, data, hp, { epochs: 4, workers: 2 });
    assert.equal(result.history.length, 4);
    assert.equal(result.stopReason, 'epochs');
    assert.ok(
      result.history[3].validationAccuracy >= 0.9,
      `validation accuracy ${result.history[3].validationAccuracy}`,
    );
    assert.ok(result.history[3].trainLoss < result.history[0].trainLoss);
    const specs = paramSpecs(SMALL_CNN);
    assert.deepEqual(
      result.params.map((p) => p.length),
      specs.map((s) => s.shape.reduce((a, b) => a * b, 1)),
    );
    const own = evaluate(SMALL_CNN, result.params, data.validation);
    assert.equal(own.correct / own.total, result.history[3].validationAccuracy);
  });

  it('computes with as many of its workers as the thread limit allows, changed between steps', async () => {
    // Three workers, the limit at 1 from the start, raised to 3 once a step has run, then lowered to 2: the workers
    // that compute follow it (the last arriving at a step's barrier reads it for the next step) and the run learns.
    const limit = new ThreadLimit(1);
    const seen: number[] = [];
    const result = await train(SMALL_CNN, data, hp, {
      epochs: 4,
      workers: 3,
      threadLimit: limit,
      onProgress: (p) => {
        if (p.kind !== 'step') return;
        if (seen.at(-1) !== p.threads) seen.push(p.threads);
        if (p.threads === 1) limit.set(3);
        if (p.threads === 3) limit.set(2);
      },
    });
    assert.deepEqual(seen, [1, 3, 2]);
    assert.ok(
      result.history[3].validationAccuracy >= 0.9,
      `validation accuracy ${result.history[3].validationAccuracy}`,
    );
    assert.equal(new ThreadLimit(0).threads, 1, 'never below one thread');
  });

  it('is reproducible from its seed', async () => {
    const runs = await Promise.all(
      [1, 2].map(() => train(SMALL_CNN, data, { ...hp, optimizer: 'sgd' }, { epochs: 1, workers: 2 })),
    );
    assert.deepEqual(runs[0].params, runs[1].params);
    const other = await train(SMALL_CNN, data, { ...hp, optimizer: 'sgd', seed: 4 }, { epochs: 1, workers: 2 });
    assert.notDeepEqual(other.params, runs[0].params);
  });

  it('stops at the target score', async () => {
    const result = await train(SMALL_CNN, data, hp, { epochs: 50, targetScore: 0.5, workers: 1 });
    assert.equal(result.stopReason, 'target');
    assert.ok(result.history.length < 50);
  });

  it('stops at the time budget', async () => {
    const big = { train: quadrants(20000, 5), validation: quadrants(32, 6) };
    // 1,000 epochs cannot finish in half a second on any machine: the budget must be what stops it.
    const result = await train(SMALL_CNN, big, hp, { epochs: 1000, timeBudgetSeconds: 0.5, workers: 2 });
    assert.equal(result.stopReason, 'time');
    assert.ok(result.samples > 0 && result.samples < 1000 * 20000);
  });

  it('rejects with the abort reason when the signal fires', async () => {
    const controller = new AbortController();
    const big = { train: quadrants(20000, 5), validation: quadrants(32, 6) };
    const run = train(SMALL_CNN, big, hp, {
      epochs: 100,
      workers: 2,
      signal: controller.signal,
      onProgress: (p) => p.kind === 'step' && controller.abort(new Error('rival block')),
    });
    await assert.rejects(run, /rival block/);
  });

  it('rejects labels outside the classes', async () => {
    const bad = quadrants(16, 1);
    bad.y[3] = 4;
    await assert.rejects(train(SMALL_CNN, { train: bad, validation: data.validation }, hp, { epochs: 1 }), /label/);
  });
});
