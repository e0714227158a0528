import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { exp64, sigmoid64, tanh64 } from '../../../../src/ml/eval/exp.js';
import { argmax, compileForward } from '../../../../src/ml/eval/forward.js';
import { compileReferenceForward } from '../../../../src/ml/eval/reference.js';
import { decodeModel, encodeModel } from '../../../../src/ml/model/codec.js';
import { modelRoot } from '../../../../src/ml/model/root.js';
import { f64Hex, hexF32 } from '../../vectors/evaluator/hex.js';

const dir = new URL('../../vectors/evaluator/', import.meta.url);
const file = readFileSync(new URL('model.cai', dir));
const v = JSON.parse(readFileSync(new URL('vectors.json', dir), 'utf8'));

test('the vector model file decodes, re-encodes to the same bytes, and has the recorded root', () => {
  const model = decodeModel(file);
  assert.deepEqual(Buffer.from(encodeModel(model)), file);
  assert.equal(file.length, v.modelBytes);
  assert.equal(Buffer.from(modelRoot(file)).toString('hex'), v.modelRoot);
});

for (const [name, compile] of [
  ['evaluator', compileForward],
  ['TypeScript reference', compileReferenceForward],
] as const) {
  test(`the ${name} reproduces every logit bit for bit, and the predictions and counts`, () => {
    const model = decodeModel(file);
    const forward = compile(model);
    const confusion = new Array<number>(9).fill(0);
    v.inputs.forEach((hex: string, s: number) => {
      const x = Float32Array.from(hex.match(/.{8}/g)!, hexF32);
      const logits = forward.logits(x, 0);
      assert.deepEqual(Array.from(logits, f64Hex), v.logits[s], `sample ${s}`);
      assert.equal(argmax(logits), v.predictions[s]);
      confusion[v.labels[s] * 3 + argmax(logits)]++;
    });
    assert.deepEqual(confusion, v.confusion);
    assert.equal(confusion[0] + confusion[4] + confusion[8], v.correct);
  });
}

test('exp, sigmoid and tanh reproduce their vectors bit for bit', () => {
  for (const e of v.exp) {
    const x = Buffer.from(e.x, 'hex').readDoubleBE();
    assert.equal(f64Hex(exp64(x)), e.exp, `exp(${x})`);
    assert.equal(f64Hex(sigmoid64(x)), e.sigmoid, `sigmoid(${x})`);
    assert.equal(f64Hex(tanh64(x)), e.tanh, `tanh(${x})`);
  }
});
