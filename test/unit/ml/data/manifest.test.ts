import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { sha3_256 } from '../../../../src/crypto/hash.js';
import { loadDataset } from '../../../../src/io/data/load.js';
import { idxImages, idxLabels } from './fixtures.js';

const hex = (b: Uint8Array) => Buffer.from(sha3_256(b)).toString('hex');

function folder(
  files: Record<string, Uint8Array | string>,
  manifest: (hashes: Record<string, string>) => object,
): string {
  const dir = mkdtempSync(join(tmpdir(), 'coinai-data-'));
  const hashes: Record<string, string> = {};
  for (const [name, data] of Object.entries(files)) {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    writeFileSync(join(dir, name), bytes);
    hashes[name] = hex(bytes);
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest(hashes)));
  return dir;
}

const base = { name: 'tiny', input: { kind: 'image', h: 2, w: 2, c: 1 }, classes: 3, metric: 'macro-f1' };

test('a manifest folder loads gzipped IDX and CSV splits, checking each file against its SHA3-256', () => {
  const dir = folder(
    {
      'ti.gz': gzipSync(idxImages(3, 2, 2, (i) => i)),
      tl: idxLabels([0, 1, 2]),
      'v.csv': '2,0,255,51,102\n1,1,2,3,4\n',
    },
    (files) => ({ ...base, files, train: { images: 'ti.gz', labels: 'tl' }, validation: { csv: 'v.csv', scale: 255 } }),
  );
  const d = loadDataset(dir);
  assert.equal(d.metric, 'macro-f1');
  assert.equal(d.train.count, 3);
  assert.equal(d.train.x[5], Math.fround(5 / 255));
  assert.deepEqual(Array.from(d.validation.y), [2, 1]);
  assert.deepEqual(Array.from(d.validation.x.subarray(0, 4)), [0, 1, 0.2, 0.4].map(Math.fround));
  assert.equal(d.test, undefined);
});

test('a file whose hash does not match, a bad label or a bad manifest is a clear error naming the file', () => {
  const good = { 'v.csv': '1,0,0,0,0\n' };
  const mismatch = folder(good, () => ({
    ...base,
    files: { 'v.csv': '0'.repeat(64) },
    train: { csv: 'v.csv' },
    validation: { csv: 'v.csv' },
  }));
  assert.throws(
    () => loadDataset(mismatch),
    new RegExp(`${join(mismatch, 'v.csv')}: SHA3-256 [0-9a-f]{64} does not match`),
  );
  const badLabel = folder({ 'v.csv': '3,0,0,0,0\n' }, (files) => ({
    ...base,
    files,
    train: { csv: 'v.csv' },
    validation: { csv: 'v.csv' },
  }));
  assert.throws(() => loadDataset(badLabel), /v\.csv: label 3 of sample 0 is not below 3 classes/);
  const badShape = folder({ 'v.csv': '1,0,0,0\n' }, (files) => ({
    ...base,
    files,
    train: { csv: 'v.csv' },
    validation: { csv: 'v.csv' },
  }));
  assert.throws(() => loadDataset(badShape), /v\.csv:1: 4 columns, expected a label and 4 features/);
  const unlisted = folder(good, () => ({ ...base, files: {}, train: { csv: 'v.csv' }, validation: { csv: 'v.csv' } }));
  assert.throws(() => loadDataset(unlisted), /manifest\.json: "train" names "v\.csv", which "files" does not list/);
  const badMetric = folder(good, (files) => ({
    ...base,
    metric: 'loss',
    files,
    train: { csv: 'v.csv' },
    validation: { csv: 'v.csv' },
  }));
  assert.throws(() => loadDataset(badMetric), /manifest\.json: "metric" must be one of/);
  const escape = folder(good, (files) => ({
    ...base,
    files: { ...files, '../x': '0'.repeat(64) },
    train: { csv: 'v.csv' },
    validation: { csv: 'v.csv' },
  }));
  assert.throws(() => loadDataset(escape), /"\.\.\/x" must be relative/);
  assert.throws(() => loadDataset(join(tmpdir(), 'no-such-coinai-dir')), /not a folder/);
  assert.throws(
    () => loadDataset(mkdtempSync(join(tmpdir(), 'coinai-empty-'))),
    /neither manifest\.json nor the four MNIST IDX files/,
  );
});
