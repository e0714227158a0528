import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../../../src/ml/tensor/random.js';
import {
  correctCount,
  emptyConfusion,
  meetsThreshold,
  ratioAtLeast,
  scoreRatio,
  totalCount,
  type Confusion,
} from '../../../../src/ml/eval/score.js';

function confusionOf(classes: number, pairs: [number, number][]): Confusion {
  const c = emptyConfusion(classes);
  for (const [truth, predicted] of pairs) c.counts[truth * classes + predicted]++;
  return c;
}

test('accuracy thresholds are decided exactly at the boundary', () => {
  const c = emptyConfusion(2);
  c.counts.set([4900, 100, 100, 4900]); // 9800 / 10000
  assert.equal(correctCount(c), 9800);
  assert.equal(totalCount(c), 10000);
  assert.ok(meetsThreshold(scoreRatio(c, 'accuracy'), 9800));
  assert.ok(!meetsThreshold(scoreRatio(c, 'accuracy'), 9801));
  c.counts[1]++; // 9800 / 10001 = 0.979902...
  assert.ok(!meetsThreshold(scoreRatio(c, 'accuracy'), 9800));
  c.counts[0]++; // 9801 / 10002 = 0.979904...
  assert.ok(!meetsThreshold(scoreRatio(c, 'accuracy'), 9800));
  c.counts[3] += 98; // 9899 / 10100 = 0.980099...
  assert.ok(meetsThreshold(scoreRatio(c, 'accuracy'), 9800));
});

test('macro-F1 as an exact ratio equals the float formula, and compares exactly', () => {
  const rng = new Random(5);
  for (let trial = 0; trial < 20; trial++) {
    const K = 2 + (trial % 5);
    const c = confusionOf(
      K,
      Array.from({ length: 200 }, () => [rng.nextU32() % K, rng.nextU32() % K]),
    );
    let sum = 0;
    for (let k = 0; k < K; k++) {
      let [tp, fp, fn] = [c.counts[k * K + k], 0, 0];
      for (let j = 0; j < K; j++) if (j !== k) [fp, fn] = [fp + c.counts[j * K + k], fn + c.counts[k * K + j]];
      sum += 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    }
    const r = scoreRatio(c, 'macro-f1');
    assert.ok(Math.abs(Number(r.num) / Number(r.den) - sum / K) < 1e-12);
    const bp = Math.floor((sum / K) * 10000);
    assert.ok(meetsThreshold(r, bp) && !meetsThreshold(r, bp + 1));
  }
});

test('a class neither present nor predicted scores 0 in macro-F1; an empty split scores 0', () => {
  const perfectTwoOfThree = confusionOf(3, [
    [0, 0],
    [1, 1],
  ]);
  assert.deepEqual(scoreRatio(perfectTwoOfThree, 'macro-f1'), { num: 2n, den: 3n });
  assert.deepEqual(scoreRatio(emptyConfusion(3), 'accuracy'), { num: 0n, den: 1n });
});

test('ratios compare exactly and thresholds must be whole basis points', () => {
  assert.ok(ratioAtLeast({ num: 2n, den: 3n }, { num: 6666n, den: 10000n }));
  assert.ok(!ratioAtLeast({ num: 6666n, den: 10000n }, { num: 2n, den: 3n }));
  assert.throws(() => meetsThreshold({ num: 1n, den: 2n }, 50.5), RangeError);
  assert.throws(() => meetsThreshold({ num: 1n, den: 2n }, 10001), RangeError);
});
