import assert from 'node:assert/strict';
import { test } from 'node:test';
import { paramCount, type Architecture } from '../../../../src/arch/ir.js';
import { MAX_MODEL_BYTES, decodeModel, encodeModel } from '../../../../src/ml/model/codec.js';
import { ModelFileError, type Model } from '../../../../src/ml/model/model.js';
import { randomModel } from '../../../../src/ml/model/random-model.js';

const arch: Architecture = {
  input: { kind: 'image', h: 6, w: 6, c: 2 },
  classes: 3,
  layers: [
    { type: 'conv2d', filters: 3, kernel: 3, stride: 2, padding: 'same' },
    { type: 'batchNorm' },
    { type: 'activation', fn: 'sigmoid' },
    { type: 'maxPool2d', size: 2, stride: 1 },
    { type: 'avgPool2d', size: 1, stride: 1 },
    { type: 'dropout', rate: 0.3 },
    { type: 'flatten' },
    { type: 'dense', units: 4 },
    { type: 'activation', fn: 'tanh' },
    { type: 'dense', units: 3 },
  ],
};

function sample(): Model {
  const m = randomModel(arch, 9);
  m.phenotype = 'conv(3) → bn → σ'; // non-ASCII on purpose
  m.grammarId = new Uint8Array(32).fill(0xab);
  return m;
}

/** Byte offset of the weight count: the header up to the architecture is fixed by sample(). */
function weightsStart(file: Uint8Array): number {
  return file.length - paramCount(arch) * 4;
}

test('a model round-trips through its canonical encoding', () => {
  const m = sample();
  const file = encodeModel(m);
  const back = decodeModel(file);
  assert.deepEqual(back, m);
  assert.deepEqual(encodeModel(back), file);
  assert.equal(file.length, weightsStart(file) + paramCount(arch) * 4);
});

test('every truncation and any trailing byte is rejected', () => {
  const file = encodeModel(sample());
  for (let n = 0; n < file.length; n++)
    assert.throws(() => decodeModel(file.subarray(0, n)), ModelFileError, `length ${n}`);
  assert.throws(() => decodeModel(Buffer.concat([file, Uint8Array.of(0)])), /bytes of weights/);
});

test('a wrong magic or format version is rejected', () => {
  const file = encodeModel(sample());
  const badMagic = file.slice();
  badMagic[0] ^= 1;
  assert.throws(() => decodeModel(badMagic), /bad magic/);
  const badVersion = file.slice();
  badVersion[4] = 2;
  assert.throws(() => decodeModel(badVersion), /version 2/);
});

test('NaN and infinite weights are rejected, naming the tensor', () => {
  for (const bad of [NaN, Infinity, -Infinity]) {
    const file = encodeModel(sample());
    new DataView(file.buffer).setFloat32(weightsStart(file) + 4 * 5, bad, true);
    assert.throws(
      () => decodeModel(file),
      (e: Error) => e instanceof ModelFileError && /layer 0 weight\[5\]/.test(e.message),
    );
  }
});

test('a weight count that disagrees with the architecture is rejected', () => {
  const file = encodeModel(sample());
  const view = new DataView(file.buffer);
  const at = weightsStart(file) - 4;
  view.setUint32(at, view.getUint32(at, true) + 1, true);
  assert.throws(() => decodeModel(file), /announces/);
});

test('an unknown layer tag, an illegal architecture or a bad phenotype is rejected', () => {
  const m = sample();
  const file = encodeModel(m);
  // First layer tag: after magic, version, grammar id, phenotype, input (1 + 12), classes, layer count.
  const tagAt = 4 + 4 + 32 + 4 + Buffer.byteLength(m.phenotype) + 13 + 4 + 4;
  assert.equal(file[tagAt], 0);
  const badTag = file.slice();
  badTag[tagAt] = 42;
  assert.throws(() => decodeModel(badTag), /unknown layer tag 42/);
  const illegal = file.slice();
  new DataView(illegal.buffer).setUint32(tagAt - 8, 4, true); // classes 4, but the last dense has 3 units
  assert.throws(() => decodeModel(illegal), /illegal architecture/);
  const badUtf8 = file.slice();
  badUtf8[44] = 0xff;
  assert.throws(() => decodeModel(badUtf8), /UTF-8/);
});

test('files over the size limit are rejected before decoding', () => {
  assert.throws(() => decodeModel(new Uint8Array(MAX_MODEL_BYTES + 1)), /over the/);
});

test('encoding refuses what it could not decode', () => {
  const m = sample();
  m.params[0] = m.params[0].subarray(1);
  assert.throws(() => encodeModel(m), /expected/);
  assert.throws(() => encodeModel({ ...sample(), grammarId: new Uint8Array(31) }), /32 bytes/);
});
