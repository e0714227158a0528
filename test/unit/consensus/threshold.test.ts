import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { threshold, timeToReach, type ThresholdParams } from '../../../src/consensus/threshold.js';
import { reachesThreshold, scoreBp } from '../../../src/consensus/score.js';

const fixed: ThresholdParams = { mode: 'fixed', startBp: 9900, floorBp: 9000, decayBp: 10, decaySeconds: 6 };
const adaptive: ThresholdParams = { ...fixed, mode: 'adaptive', decayBp: 5, marginBp: 20, capBp: 9950 };
const genesis = { timestamp: 1000, score: { correct: 0, total: 0 } };

describe('fixed threshold', () => {
  test('starts at start and falls by decayBp per decaySeconds, rounded down, to the floor', () => {
    assert.equal(threshold(fixed, genesis, 1000), 9900);
    assert.equal(threshold(fixed, genesis, 1001), 9899); // floor(10/6)
    assert.equal(threshold(fixed, genesis, 1005), 9892); // floor(50/6)
    assert.equal(threshold(fixed, genesis, 1006), 9890);
    assert.equal(threshold(fixed, genesis, 1000 + 6 * 90), 9000);
    assert.equal(threshold(fixed, genesis, 1000 + 6 * 1000), 9000);
  });
  test('a timestamp before the parent counts as no time passed', () => {
    assert.equal(threshold(fixed, genesis, 900), 9900);
  });
  test('timeToReach is the first second the threshold is at or under the score', () => {
    for (const bp of [9855, 9001, 9899]) {
      const t = timeToReach(fixed, genesis, bp);
      assert.ok(threshold(fixed, genesis, t) <= bp);
      assert.ok(threshold(fixed, genesis, t - 1) > bp);
    }
    assert.equal(timeToReach(fixed, genesis, 9950), 1000);
    assert.equal(timeToReach(fixed, genesis, 8999), Infinity);
  });
});

describe('adaptive threshold', () => {
  test('the next start is the parent score plus the margin, capped', () => {
    const parent = { timestamp: 5000, score: { correct: 9812, total: 10000 } };
    assert.equal(threshold(adaptive, parent, 5000), 9832);
    assert.equal(threshold(adaptive, parent, 5006), 9827);
    const great = { timestamp: 5000, score: { correct: 9990, total: 10000 } };
    assert.equal(threshold(adaptive, great, 5000), 9950);
  });
  test('after genesis it starts at startBp and decays more slowly than fixed mode here', () => {
    assert.equal(threshold(adaptive, genesis, 1000), 9900);
    assert.ok(threshold(adaptive, genesis, 1600) > threshold(fixed, genesis, 1600));
  });
});

describe('scores', () => {
  test('threshold comparison is exact at the boundary', () => {
    assert.equal(reachesThreshold({ correct: 9850, total: 10000 }, 9850), true);
    assert.equal(reachesThreshold({ correct: 9849, total: 10000 }, 9850), false);
    // 2/3 = 6666.67 bp
    assert.equal(reachesThreshold({ correct: 2, total: 3 }, 6666), true);
    assert.equal(reachesThreshold({ correct: 2, total: 3 }, 6667), false);
    assert.equal(scoreBp({ correct: 2, total: 3 }), 6666);
    assert.equal(reachesThreshold({ correct: 0, total: 0 }, 0), false, 'an empty score reaches nothing');
  });
});
