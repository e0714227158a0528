import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXP_MAX, EXP_MIN, INV_LN2, LN2_HI, LN2_LO, exp64, sigmoid64, tanh64 } from '../../../../src/ml/eval/exp.js';
import { f64Hex } from '../../../spec/vectors/evaluator/hex.js';

test('the range-reduction constants have the bit patterns the protocol gives', () => {
  assert.equal(f64Hex(INV_LN2), '3ff71547652b82fe');
  assert.equal(f64Hex(LN2_HI), '3fe62e42fee00000');
  assert.equal(f64Hex(LN2_LO), '3dea39ef35793c76');
});

test('exp64 is within 2 ulp-ish (4.5e-16 relative) of the true exponential over its range', () => {
  let worst = 0;
  for (let x = EXP_MIN; x <= EXP_MAX; x += 0.0137) {
    const rel = Math.abs(exp64(x) - Math.exp(x)) / Math.exp(x);
    if (Number.isFinite(rel)) worst = Math.max(worst, rel);
  }
  for (let x = -1; x <= 1; x += 1 / 1024) worst = Math.max(worst, Math.abs(exp64(x) - Math.exp(x)) / Math.exp(x));
  assert.ok(worst < 4.5e-16, `worst relative error ${worst}`);
  assert.equal(exp64(0), 1);
});

test('exp64 saturates outside its range and propagates NaN', () => {
  assert.equal(exp64(EXP_MAX + 0.5), Infinity);
  assert.equal(exp64(Infinity), Infinity);
  assert.equal(exp64(EXP_MIN - 0.5), 0);
  assert.equal(exp64(-Infinity), 0);
  assert.ok(Number.isNaN(exp64(NaN)));
});

test('sigmoid64 and tanh64 track the true functions, with tanh odd and both saturating', () => {
  for (let x = -30; x <= 30; x += 0.071) {
    assert.ok(Math.abs(sigmoid64(x) - 1 / (1 + Math.exp(-x))) < 1e-15, `sigmoid(${x})`);
    assert.ok(Math.abs(tanh64(x) - Math.tanh(x)) < 1e-15, `tanh(${x})`);
    assert.equal(tanh64(-x), -tanh64(x));
  }
  assert.equal(sigmoid64(1000), 1);
  assert.equal(sigmoid64(-1000), 0);
  assert.equal(tanh64(1000), 1);
  assert.equal(tanh64(-1000), -1);
  assert.ok(Number.isNaN(tanh64(NaN)) && Number.isNaN(sigmoid64(NaN)));
});
