import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockError } from '../../../../src/chain/errors.js';
import type { ScoreCheck } from '../../../../src/consensus/score-check.js';
import type { Evaluate } from '../../../../src/consensus/verify-block.js';
import type { Model } from '../../../../src/ml/model/model.js';
import { cachedEvaluate, isFinalRefusal, Lru } from '../../../../src/node/chain/verdict-cache.js';

test('the LRU forgets the least recently used entry first', () => {
  const lru = new Lru<string, number>(2);
  lru.set('a', 1);
  lru.set('b', 2);
  assert.equal(lru.get('a'), 1); // refreshes a
  lru.set('c', 3);
  assert.deepEqual([lru.has('a'), lru.has('b'), lru.has('c'), lru.size], [true, false, true, 2]);
  assert.throws(() => new Lru(0), RangeError);
});

test('cached evaluations: a deciding result answers, an undecided partial one is replaced by a full count', async () => {
  const calls: (ScoreCheck['stop'] | undefined)[] = [];
  // 10 samples; the evaluator stops after 2 (both wrong) when it may, else counts 6 right of 10.
  const inner: Evaluate = (_m, _f, check) => {
    calls.push(check.stop);
    return check.stop
      ? { confusion: { classes: 2, counts: Float64Array.of(0, 2, 0, 0) }, evaluated: 2 }
      : { confusion: { classes: 2, counts: Float64Array.of(3, 2, 2, 3) }, evaluated: 10 };
  };
  const evaluate = cachedEvaluate(inner, new Uint8Array(32), new Lru(4));
  const check = (correct: number): ScoreCheck => ({
    modelRoot: new Uint8Array(32).fill(7),
    claim: { correct, total: 10 },
    samples: 10,
    order: new Uint32Array(10),
    stop: { maxCorrect: correct, maxWrong: 10 - correct },
  });
  const model = {} as Model;
  const file = new Uint8Array(0);
  assert.equal((await evaluate(model, file, check(10))).evaluated, 2); // 2 wrong refute a perfect claim
  assert.equal((await evaluate(model, file, check(9))).evaluated, 2); // and a claim of 9 (one wrong allowed)
  assert.equal(calls.length, 1);
  assert.equal((await evaluate(model, file, check(8))).evaluated, 10); // 2 wrong do not refute 8: one full count
  assert.deepEqual(calls, [check(10).stop, undefined]);
  for (const c of [6, 7, 1]) assert.equal((await evaluate(model, file, check(c))).evaluated, 10);
  assert.equal(calls.length, 2);
});

test('only verdicts on the block itself are final', () => {
  for (const code of ['score-mismatch', 'wrong-model-size', 'duplicate-model', 'bad-signature'] as const)
    assert.ok(isFinalRefusal(new BlockError(code, '')), code);
  for (const code of [
    'timestamp-from-the-future',
    'timestamp-far-future',
    'reorg-too-deep',
    'model-missing',
    'tx-root-mismatch',
    'too-many-transactions',
  ] as const)
    assert.ok(!isFinalRefusal(new BlockError(code, '')), code);
  assert.ok(!isFinalRefusal(new Error('score-mismatch')));
});
