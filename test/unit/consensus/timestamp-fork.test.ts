import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTimestamp, medianTimePast } from '../../../src/consensus/timestamp-rules.js';
import { blockWeight, isBetterTip } from '../../../src/consensus/fork-choice.js';

test('median time past uses the last 11 timestamps; an even count takes the upper middle value', () => {
  assert.equal(medianTimePast([5]), 5);
  assert.equal(medianTimePast([1, 2, 3, 100]), 3);
  assert.equal(medianTimePast([7, 1]), 7);
  const many = Array.from({ length: 30 }, (_, i) => i * 10);
  assert.equal(medianTimePast(many), 240);
});

test('a timestamp must pass the median; up to 2 s ahead of the clock is fine, up to 4 s held, beyond refused', () => {
  const recent = [100, 110, 120];
  assert.equal(checkTimestamp(110, recent, 200), 'not-after-median');
  assert.equal(checkTimestamp(111, recent, 200), 'ok');
  assert.equal(checkTimestamp(202, recent, 200), 'ok');
  assert.equal(checkTimestamp(203, recent, 200), 'from-the-future');
  assert.equal(checkTimestamp(204, recent, 200), 'from-the-future');
  assert.equal(checkTimestamp(205, recent, 200), 'far-future');
  // The old 15 s allowance let a miner date its block 15 s ahead, lowering its own threshold by 15 s of decay.
  assert.equal(checkTimestamp(215, recent, 200), 'far-future');
});

test('weight is the threshold cleared (plus one), not the claimed score; equal weight keeps the tip seen first', () => {
  assert.equal(blockWeight(0), 1n);
  assert.equal(blockWeight(9900), 9901n);
  const a = { hash: Uint8Array.of(2), totalWeight: blockWeight(9800), arrival: 5 };
  const b = { hash: Uint8Array.of(1), totalWeight: blockWeight(9700), arrival: 1 };
  assert.equal(isBetterTip(a, b), true);
  assert.equal(isBetterTip(b, a), false);
  // Equal weight: the lower hash no longer wins; the earlier arrival does.
  const c = { hash: Uint8Array.of(1), totalWeight: a.totalWeight, arrival: 6 };
  assert.equal(isBetterTip(c, a), false);
  assert.equal(isBetterTip(a, c), true);
  assert.equal(isBetterTip(a, a), false);
});
