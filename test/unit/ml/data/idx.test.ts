import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DatasetError } from '../../../../src/ml/data/dataset.js';
import { idxSplit } from '../../../../src/ml/data/idx-split.js';
import { parseIdxImages, parseIdxLabels } from '../../../../src/ml/data/idx.js';
import { idxImages, idxLabels } from './fixtures.js';

test('IDX images become byte/255 floats in sample order, labels bytes', () => {
  const img = parseIdxImages(
    idxImages(3, 2, 4, (i) => i * 10),
    'img',
  );
  assert.deepEqual([img.count, img.h, img.w], [3, 2, 4]);
  img.x.forEach((v, i) => assert.equal(v, Math.fround((i * 10) / 255)));
  assert.deepEqual(parseIdxLabels(idxLabels([3, 1, 4]), 'lab'), Uint8Array.of(3, 1, 4));
});

test('IDX magic, length and label errors name the file', () => {
  assert.throws(() => parseIdxImages(idxLabels([1]), 'a.idx'), /a\.idx: IDX magic 2049, expected 2051/);
  assert.throws(
    () =>
      parseIdxLabels(
        idxImages(1, 1, 1, () => 0),
        'b.idx',
      ),
    /b\.idx: IDX magic 2051/,
  );
  assert.throws(() => parseIdxImages(idxImages(2, 2, 2, () => 0).subarray(0, 20), 'c.idx'), /c\.idx: 20 bytes/);
  assert.throws(() => parseIdxLabels(Uint8Array.of(0, 0, 8, 1, 0), 'd.idx'), /d\.idx: too short/);
  const images = idxImages(2, 2, 2, () => 0);
  assert.throws(
    () => idxSplit(images, 'i', idxLabels([0, 10]), 'l', { h: 2, w: 2 }, 10),
    (e: Error) => e instanceof DatasetError && /^l: label 10 of sample 1/.test(e.message),
  );
  assert.throws(
    () => idxSplit(images, 'i', idxLabels([0]), 'l', { h: 2, w: 2 }, 10),
    /l: 1 labels for the 2 images of i/,
  );
  assert.throws(() => idxSplit(images, 'i', idxLabels([0, 1]), 'l', { h: 3, w: 2 }, 10), /i: images are 2x2/);
});
