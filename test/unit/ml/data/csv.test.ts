// parseCsv: inputs the fuzzer (test/fuzz/targets/dataset-csv.ts) found costing far more than their size.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsv } from '../../../../src/ml/data/csv.js';

test('a feature count the lines do not have is refused before anything that size is allocated', () => {
  // A manifest may claim a huge input shape; a 4-byte file then asked for 2^40 floats (a RangeError) or, at
  // 2^31, an 8 GiB allocation before the first line's columns were counted.
  for (const features of [2 ** 40, 2 ** 31, 2 ** 32 - 1]) {
    assert.throws(
      () => parseCsv('1,0\n', 'v.csv', features, 2),
      /v\.csv:1: 2 columns, expected a label and \d+ features/,
    );
  }
  assert.throws(() => parseCsv('1,0,0\n1,0\n', 'v.csv', 2, 2), /v\.csv:2: 2 columns, expected a label and 2 features/);
  assert.deepEqual(parseCsv('1,0,255\n0,51,0\n', 'v.csv', 2, 2, 255), {
    x: Float32Array.from([0, 1, 0.2, 0]),
    y: Uint8Array.from([1, 0]),
    count: 2,
  });
});
