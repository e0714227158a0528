import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { toHex } from '../../../src/codec/hex.js';
import { segmentRoot } from '../../../src/crypto/segment-tree.js';
import { checkDataObjects, dataObject, exportDataset } from '../../../src/io/data/export.js';
import { loadDataset } from '../../../src/io/data/load.js';
import { DatasetError } from '../../../src/ml/data/dataset.js';
import { parseIdxImages, parseIdxLabels } from '../../../src/ml/data/idx.js';
import { tinyManifestFiles, writeFolder } from '../ml/data/fixtures.js';

test('the default export is four IDX files, byte for byte the same on every call, holding the loaded splits', () => {
  const files = exportDataset('default');
  assert.deepEqual(
    files.map((f) => f.name),
    [
      'digits-train-images.idx3',
      'digits-train-labels.idx1',
      'digits-validation-images.idx3',
      'digits-validation-labels.idx1',
    ],
  );
  assert.deepEqual(exportDataset('default'), files);
  const d = loadDataset('default');
  const [trainImages, trainLabels, validationImages, validationLabels] = files.map((f) => f.bytes);
  for (const [images, labels, split] of [
    [trainImages, trainLabels, d.train],
    [validationImages, validationLabels, d.validation],
  ] as const) {
    const img = parseIdxImages(images, 'images');
    assert.deepEqual([img.count, img.h, img.w], [split.count, 28, 28]);
    assert.deepEqual(img.x, split.x);
    assert.deepEqual(parseIdxLabels(labels, 'labels'), split.y);
  }
  assert.equal(trainImages.length, 16 + 5994 * 784);
  assert.equal(validationLabels.length, 8 + 4006);
});

test('a data object is the segment root and size of its file', () => {
  const [file] = exportDataset('default');
  const o = dataObject(file);
  assert.equal(o.size, file.bytes.length);
  assert.deepEqual(o.root, segmentRoot(file.bytes));
});

test('a manifest folder exports manifest.json, then the files it lists in name order, as stored', () => {
  const dir = writeFolder(tinyManifestFiles());
  try {
    const files = exportDataset(dir);
    assert.deepEqual(
      files.map((f) => f.name),
      ['manifest.json', 'ti.gz', 'tl', 'v.csv'],
    );
    assert.equal(files[1].bytes[0], 0x1f, 'the gzipped file stays gzipped');
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('the check against the pinned objects names the file that differs and both roots', () => {
  const files = exportDataset('default');
  const pinned = files.map(dataObject);
  checkDataObjects('default', files, pinned);
  // One flipped pixel in the local validation images: what a node with a damaged data set holds.
  const damaged = files.map((f, i) =>
    i === 2 ? { ...f, bytes: Uint8Array.from(f.bytes, (b, j) => (j === 500 ? b ^ 1 : b)) } : f,
  );
  assert.throws(
    () => checkDataObjects('default', damaged, pinned),
    (err: unknown) =>
      err instanceof DatasetError &&
      err.message.includes('digits-validation-images.idx3') &&
      err.message.includes(toHex(pinned[2].root)) &&
      err.message.includes(toHex(segmentRoot(damaged[2].bytes))),
  );
  assert.throws(() => checkDataObjects('default', files.slice(0, 3), pinned), /no digits-validation-labels\.idx1/);
  assert.throws(() => checkDataObjects('default', files, pinned.slice(1)), DatasetError);
});
