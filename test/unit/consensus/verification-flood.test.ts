// The verification flood, as the attacker would mount it: blocks whose proof of work is a lie that every cheap
// check passes. Each must be refused exactly, at a fraction of a full evaluation, and the honest block still costs
// one full, exact evaluation. Costs are asserted as counts of samples evaluated, never as times.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockError, type BlockErrorCode } from '../../../src/chain/errors.js';
import { blockHash } from '../../../src/chain/header.js';
import { checkHeader } from '../../../src/consensus/check-header.js';
import { evaluationOrder } from '../../../src/consensus/evaluation-order.js';
import { scoreCheck } from '../../../src/consensus/score-check.js';
import { MACRO_F1_SCALE } from '../../../src/consensus/score.js';
import { verifyBlock, type BlockContext } from '../../../src/consensus/verify-block.js';
import { toHex } from '../../../src/codec/hex.js';
import { evaluateSplit } from '../../../src/ml/eval/evaluate.js';
import { evaluateInOrder } from '../../../src/ml/eval/ordered.js';
import { correctCount } from '../../../src/ml/eval/score.js';
import {
  countingEvaluate,
  FLOOD_SAMPLES,
  floodRules,
  genesis,
  genesisContext,
  withHeader,
  makeBlock,
  randomBlock,
  type MadeBlock,
} from './pouw-fixtures.js';

const { config, rules } = floodRules();
const g = genesis(config);
const T = config.timestamp;
const N = FLOOD_SAMPLES;

const ctx = (made: MadeBlock, over: Partial<BlockContext> = {}) => genesisContext(g, made, over);
const isCode = (code: BlockErrorCode) => (e: unknown) => e instanceof BlockError && e.code === code;

describe('verification flood: a lie is refused after a fraction of the samples, the verdict exact', () => {
  let honest: MadeBlock;
  before(async () => {
    honest = await makeBlock(rules, g.header, g.state, { timestamp: T + 95, epochs: 2 });
  });

  test('random weights claiming a perfect score are refused after one batch of 64 samples', async () => {
    const evaluate = countingEvaluate(rules.validation);
    const bogus = randomBlock(rules, g.header, g.state, { timestamp: T + 1 });
    await assert.rejects(verifyBlock(rules, bogus.block, ctx(bogus), evaluate), isCode('score-mismatch'));
    assert.equal(evaluate.calls, 1);
    assert.equal(evaluate.samples, 64, `evaluated ${evaluate.samples} of ${N}`);
  });

  test('random weights claiming 90% (the threshold 10 s after the parent) are refused in a few hundred samples', async () => {
    const evaluate = countingEvaluate(rules.validation);
    const bogus = randomBlock(rules, g.header, g.state, { timestamp: T + 10, correct: Math.ceil(0.9 * N), seed: 2 });
    await assert.rejects(verifyBlock(rules, bogus.block, ctx(bogus), evaluate), isCode('score-mismatch'));
    // About half the predictions of a random model are wrong, and 10% of N = 401 wrong ones refute the claim.
    assert.ok(evaluate.samples <= 1024, `evaluated ${evaluate.samples} of ${N}`);
  });

  test('random weights claiming their true score exactly are accepted, after a full count', async () => {
    const evaluate = countingEvaluate(rules.validation);
    const probe = randomBlock(rules, g.header, g.state, { timestamp: T + 95, seed: 3 });
    const correct = correctCount(evaluateSplit(probe.model, rules.validation));
    const honestRandom = randomBlock(rules, g.header, g.state, { timestamp: T + 95, seed: 3, correct });
    await verifyBlock(rules, honestRandom.block, ctx(honestRandom), evaluate);
    assert.equal(evaluate.samples, N);
  });

  test('an honest block verifies with a full count of every sample', async () => {
    const evaluate = countingEvaluate(rules.validation);
    await verifyBlock(rules, honest.block, ctx(honest), evaluate);
    assert.deepEqual([evaluate.calls, evaluate.samples], [1, N]);
  });

  test('claims one above or one below the true count are refused: the stop never changes the verdict', async () => {
    const { correct } = honest.block.header.score;
    for (const claim of [correct + 1, correct - 1]) {
      const evaluate = countingEvaluate(rules.validation);
      const lie = withHeader(honest.block, { score: { correct: claim, total: N } });
      await assert.rejects(verifyBlock(rules, lie, ctx(honest), evaluate), isCode('score-mismatch'));
      assert.ok(evaluate.samples <= N);
    }
  });

  test('a claim out of another total is refused before the model is looked at (no file given)', async () => {
    const evaluate = countingEvaluate(rules.validation);
    for (const total of [N - 1, N + 1, 10_000, MACRO_F1_SCALE]) {
      const lie = withHeader(honest.block, { score: { correct: Math.min(total, N - 1), total } });
      await assert.rejects(
        verifyBlock(rules, lie, ctx(honest, { modelFile: undefined }), evaluate),
        isCode('wrong-score-total'),
      );
    }
    assert.equal(evaluate.calls, 0);
  });

  test('a model size no file of the derived architecture has is refused before the model is looked at', async () => {
    const size = honest.block.header.modelSize;
    for (const modelSize of [0, 1, size - 4, size - 1, size + 1, size + 4]) {
      const lie = withHeader(honest.block, { modelSize });
      assert.throws(
        () => checkHeader(rules, lie, { parent: g.header, recentTimestamps: [T], now: T + 95 }),
        isCode('wrong-model-size'),
      );
      await assert.rejects(
        verifyBlock(rules, lie, ctx(honest, { modelFile: undefined }), countingEvaluate(rules.validation)),
        isCode('wrong-model-size'),
      );
    }
    checkHeader(rules, honest.block, { parent: g.header, recentTimestamps: [T], now: T + 95 });
  });

  test('an evaluator that stops before the claim is decided gives an error, never a verdict', async () => {
    const stopsEarly = () => ({ confusion: { classes: 2, counts: Float64Array.of(1, 0, 0, 1) }, evaluated: 2 });
    await assert.rejects(
      verifyBlock(rules, honest.block, ctx(honest), stopsEarly),
      (e: unknown) => !(e instanceof BlockError) && /undecided/.test(String(e)),
    );
  });
});

describe('evaluation order (PROTOCOL 4.3)', () => {
  test('a permutation drawn from the block hash: deterministic, different per block', () => {
    const a = evaluationOrder(new Uint8Array(32), N);
    assert.deepEqual(
      [...a].sort((x, y) => x - y),
      Array.from({ length: N }, (_, i) => i),
    );
    assert.deepEqual(evaluationOrder(new Uint8Array(32), N), a);
    assert.notDeepEqual(evaluationOrder(new Uint8Array(32).fill(1), N), a);
    assert.deepEqual([...evaluationOrder(new Uint8Array(0), 0)], []);
    assert.deepEqual([...evaluationOrder(new Uint8Array(32), 1)], [0]);
  });

  test('vectors: the zero hash over 10 samples, and the first 8 of 4,006', () => {
    assert.deepEqual([...evaluationOrder(new Uint8Array(32), 10)], ORDER_VECTOR);
    assert.deepEqual(
      [...evaluationOrder(new Uint8Array(32), N).subarray(0, 8)],
      [3067, 2455, 4005, 2791, 2550, 1898, 1530, 3241],
    );
  });

  test('a full evaluation in any order gives evaluateSplit’s confusion matrix', async () => {
    const made = randomBlock(rules, g.header, g.state, { timestamp: T + 1, seed: 4 });
    const full = evaluateSplit(made.model, rules.validation);
    for (const seed of [0, 1, 2]) {
      const m = evaluateInOrder(made.model, rules.validation, evaluationOrder(new Uint8Array(32).fill(seed), N));
      assert.equal(m.evaluated, N);
      assert.deepEqual(m.confusion, full);
    }
  });

  test('macro-F1 claims are counted in full (no early stop); accuracy claims stop at the claim’s bounds', () => {
    const header = { ...g.header, score: { correct: 4000, total: N } };
    const acc = scoreCheck(rules, header, blockHash(header));
    assert.deepEqual(acc.stop, { maxCorrect: 4000, maxWrong: 6 });
    const f1 = scoreCheck({ ...rules, problem: { ...rules.problem, metric: 'macro-f1' } }, header, blockHash(header));
    assert.equal(f1.stop, undefined);
    assert.equal(toHex(f1.modelRoot), toHex(header.modelRoot));
  });
});

// Also computed by an independent Python implementation of the PROTOCOL 4.3 text (hashlib.sha3_256).
const ORDER_VECTOR = [1, 9, 7, 6, 4, 8, 3, 0, 2, 5];
