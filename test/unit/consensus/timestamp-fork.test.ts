import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTimestamp, medianTimePast } from '../../../src/consensus/timestamp-rules.js';
import { blockWeight, isBetterTip } from '../../../src/consensus/fork-choice.js';

test('median time past uses the last 11 timestamps', () => {
  assert.equal(medianTimePast([5]), 5);
  assert.equal(medianTimePast([1, 2, 3, 100]), 3);
  const many = Array.from({ length: 30 }, (_, i) => i * 10);
  assert.equal(medianTimePast(many), 240);
});

test('a timestamp must pass the median and not run ahead of the clock', () => {
  const recent = [100, 110, 120];
  assert.equal(checkTimestamp(110, recent, 200), 'not-after-median');
  assert.equal(checkTimestamp(111, recent, 200), 'ok');
  assert.equal(checkTimestamp(215, recent, 200), 'ok');
  assert.equal(checkTimestamp(216, recent, 200), 'from-the-future');
});

test('the better model wins among siblings; equal weight goes to the lower hash', () => {
  const a = { hash: Uint8Array.of(2), totalWeight: blockWeight({ correct: 98, total: 100 }) };
  const b = { hash: Uint8Array.of(1), totalWeight: blockWeight({ correct: 97, total: 100 }) };
  assert.equal(isBetterTip(a, b), true);
  assert.equal(isBetterTip(b, a), false);
  const c = { hash: Uint8Array.of(1), totalWeight: a.totalWeight };
  assert.equal(isBetterTip(c, a), true);
  assert.equal(isBetterTip(a, c), false);
});
