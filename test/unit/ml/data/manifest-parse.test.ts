// parseManifest on its own (no folder): inputs the fuzzer (test/fuzz/targets/manifest.ts) found accepted wrongly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseManifest } from '../../../../src/ml/data/manifest.js';

const manifest = (extra: object) =>
  JSON.stringify({
    name: 'tiny',
    input: { kind: 'image', h: 2, w: 2, c: 1 },
    classes: 3,
    metric: 'accuracy',
    files: { 'v.csv': 'c'.repeat(64) },
    train: { csv: 'v.csv' },
    validation: { csv: 'v.csv' },
    ...extra,
  });

test('a CSV scale must be a finite positive number: 1e400 (Infinity to JSON.parse) is refused', () => {
  assert.deepEqual(parseManifest(manifest({ validation: { csv: 'v.csv', scale: 255 } }), 'm.json').splits.validation, {
    csv: 'v.csv',
    scale: 255,
  });
  const text = manifest({}).replace('"validation":{"csv":"v.csv"}', '"validation":{"csv":"v.csv","scale":1e400}');
  assert.match(text, /1e400/);
  assert.throws(
    () => parseManifest(text, 'm.json'),
    /m\.json: "validation" must be \{images, labels\} or \{csv, scale\?\}/,
  );
});

test('a split must name a file "files" lists itself, not a name inherited from Object.prototype', () => {
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    const text = manifest({ train: { csv: name } });
    assert.throws(
      () => parseManifest(text, 'm.json'),
      new RegExp(`"train" names "${name}", which "files" does not list`),
    );
  }
});

test('input sides are integers in 1..2^32-1, as a model file and a chain config hold them', () => {
  const input = (shape: object) => manifest({ input: shape });
  assert.deepEqual(parseManifest(input({ kind: 'flat', n: 2 ** 32 - 1 }), 'm.json').input, {
    kind: 'flat',
    n: 2 ** 32 - 1,
  });
  for (const shape of [
    { kind: 'flat', n: 2 ** 32 },
    { kind: 'image', h: 1e300, w: 2, c: 1 },
    { kind: 'image', h: 2, w: 2, c: 0 },
  ]) {
    assert.throws(() => parseManifest(input(shape), 'm.json'), /"input" must be .* of integers in 1\.\.2\^32-1/);
  }
});
