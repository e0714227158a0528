import assert from 'node:assert/strict';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { createGzip, gzipSync } from 'node:zlib';
import { concatBytes, utf8Bytes } from '../../../../src/codec/bytes.js';
import { Writer } from '../../../../src/codec/writer.js';
import { sha3_256 } from '../../../../src/crypto/hash.js';
import { exportDataset, packDataset } from '../../../../src/io/data/export.js';
import { loadDataset } from '../../../../src/io/data/load.js';
import { DatasetError } from '../../../../src/ml/data/dataset.js';
import {
  datasetFromFiles,
  decodePack,
  encodePack,
  MAX_GUNZIPPED_BYTES,
  type DataFile,
} from '../../../../src/ml/data/pack.js';
import { idxImages, idxLabels, tinyManifestFiles, writeFolder } from './fixtures.js';

const hex = (b: Uint8Array) => Buffer.from(sha3_256(b)).toString('hex');

/** A pack's bytes written field by field, as an attacker would, bypassing encodePack's checks. */
function rawPack(count: number, files: readonly { name: string | Uint8Array; size: number }[], body: Uint8Array) {
  const w = new Writer().varint('count', count, 8);
  for (const f of files) {
    w.varBytes('name', typeof f.name === 'string' ? utf8Bytes(f.name) : f.name, 1000).varint('size', f.size, 53);
  }
  return concatBytes([w.finish(), body]);
}

const refusal = (fn: () => unknown, message: RegExp) =>
  assert.throws(fn, (err: unknown) => err instanceof DatasetError && message.test(err.message));
const refused = (bytes: Uint8Array, message: RegExp) => refusal(() => decodePack(bytes), message);
const plain = (files: readonly DataFile[]) => files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }));

test('a manifest folder packs to its export and back, and the data set read from the pack is the folder’s', () => {
  const dir = writeFolder(tinyManifestFiles());
  try {
    const pack = packDataset(dir);
    const files = decodePack(pack);
    assert.deepEqual(files, plain(exportDataset(dir)));
    assert.deepEqual(
      files.map((f) => f.name),
      ['manifest.json', 'ti.gz', 'tl', 'v.csv'],
    );
    assert.equal(files[1].bytes[0], 0x1f, 'a gzipped file stays gzipped in the pack');
    assert.deepEqual(encodePack(files), pack);
    assert.deepEqual(datasetFromFiles(files), loadDataset(dir));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('a folder of the four MNIST files packs in their order and reads back as MNIST (last twelfth validation)', () => {
  const n = 24;
  const dir = writeFolder({
    'train-images-idx3-ubyte.gz': gzipSync(idxImages(n, 28, 28, (i) => i % 251)),
    'train-labels-idx1-ubyte': idxLabels(Array.from({ length: n }, (_, i) => i % 10)),
    't10k-images-idx3-ubyte': idxImages(2, 28, 28, (i) => i % 7),
    't10k-labels-idx1-ubyte.gz': gzipSync(idxLabels([3, 4])),
  });
  try {
    const files = decodePack(packDataset(dir));
    assert.deepEqual(
      files.map((f) => f.name),
      ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte.gz'],
    );
    const d = datasetFromFiles(files);
    assert.deepEqual([d.train.count, d.validation.count, d.test?.count], [22, 2, 2]);
    assert.deepEqual(Array.from(d.validation.y), [2, 3]);
    assert.deepEqual(Array.from(d.test!.y), [3, 4]);
    assert.equal(d.train.x[300], Math.fround((300 % 251) / 255));
    assert.deepEqual(d, loadDataset(dir));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('decodePack refuses every irregular pack with its reason', () => {
  const good = encodePack([
    { name: 'manifest.json', bytes: utf8Bytes('{}') },
    { name: 'a.csv', bytes: utf8Bytes('1,0\n') },
  ]);
  refused(good.subarray(0, good.length - 1), /^data pack: truncated: its files need 6 bytes, 5 left$/);
  refused(good.subarray(0, 3), /^data pack: invalid name: truncated/);
  refused(concatBytes([good, new Uint8Array([0])]), /^data pack: 1 trailing bytes after its files$/);
  const two = (a: string, b: string) =>
    rawPack(
      2,
      [
        { name: a, size: 1 },
        { name: b, size: 1 },
      ],
      utf8Bytes('xy'),
    );
  refused(two('manifest.json', 'manifest.json'), /^data pack: file name "manifest\.json" appears twice$/);
  refused(two('manifest.json', '../x'), /^data pack: file name "\.\.\/x" is not a safe relative file name$/);
  refused(two('manifest.json', '/etc/passwd'), /"\/etc\/passwd" is not a safe relative file name/);
  refused(two('manifest.json', 'a\\..\\x'), /is not a safe relative file name/);
  refused(two('a.csv', 'manifest.json'), /^data pack: files "a\.csv", "manifest\.json" are not in the canonical order/);
  refused(
    rawPack(
      3,
      ['manifest.json', 'b.csv', 'a.csv'].map((name) => ({ name, size: 0 })),
      new Uint8Array(0),
    ),
    /are not in the canonical order \(manifest\.json, then the files it lists in name order; or the four MNIST/,
  );
  refused(rawPack(0, [], new Uint8Array(0)), /^data pack: 0 files; a pack holds 1 to 64$/);
  const many = Array.from({ length: 65 }, (_, i) => ({
    name: i ? `f${String(i).padStart(2, '0')}` : 'manifest.json',
    size: 0,
  }));
  refused(rawPack(65, many, new Uint8Array(0)), /^data pack: 65 files; a pack holds 1 to 64$/);
  refused(rawPack(1, [{ name: '', size: 0 }], new Uint8Array(0)), /^data pack: file name "" is not 1 to 128 bytes/);
  refused(
    rawPack(1, [{ name: 'x'.repeat(129), size: 0 }], new Uint8Array(0)),
    /^data pack: invalid name length: 129 exceeds/,
  );
  refused(rawPack(1, [{ name: new Uint8Array([0xff]), size: 0 }], new Uint8Array(0)), /file name 0 is not UTF-8/);
  // The encoder refuses what the decoder would: no pack it writes has a second encoding.
  assert.throws(
    () =>
      encodePack([
        { name: 'a.csv', bytes: new Uint8Array(0) },
        { name: 'manifest.json', bytes: new Uint8Array(0) },
      ]),
    /not in the canonical order/,
  );
});

test('datasetFromFiles refuses files that do not match the manifest, naming the file', () => {
  const folder = tinyManifestFiles();
  const files = (names: string[], edit: (f: DataFile) => DataFile = (f) => f): DataFile[] =>
    names.map((name) => edit({ name, bytes: folder[name] }));
  refusal(
    () => datasetFromFiles(files(['manifest.json', 'ti.gz', 'tl'])),
    /^manifest\.json: lists ti\.gz, tl, v\.csv; the data set holds ti\.gz, tl$/,
  );
  refusal(
    () =>
      datasetFromFiles(
        files(['manifest.json', 'ti.gz', 'tl', 'v.csv'], (f) =>
          f.name === 'tl' ? { ...f, bytes: idxLabels([0, 1, 1]) } : f,
        ),
      ),
    /^tl: SHA3-256 [0-9a-f]{64} does not match the manifest's [0-9a-f]{64}$/,
  );
  refusal(
    () => datasetFromFiles(files(['ti.gz', 'tl'])),
    /^data set: holds neither manifest\.json \(first\) nor the four MNIST/,
  );
});

test('a gzip bomb in a pack is refused before it is unpacked: a few hundred KiB cannot make every node allocate 256 MiB', async () => {
  // The attacker's file: a real gzip stream of MAX_GUNZIPPED_BYTES + 1 zero bytes, fed in 1 MiB pieces.
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (b: Buffer) => parts.push(b));
  const chunk = Buffer.alloc(1 << 20);
  for (let left = MAX_GUNZIPPED_BYTES + 1; left > 0; left -= chunk.length) {
    gzip.write(chunk.subarray(0, Math.min(chunk.length, left)));
  }
  gzip.end();
  await once(gzip, 'end');
  const bomb = Buffer.concat(parts);
  assert.ok(bomb.length < 1 << 20, `the bomb is ${bomb.length} bytes`);
  const files = tinyManifestFiles();
  const manifest = JSON.parse(Buffer.from(files['manifest.json']).toString()) as { files: Record<string, string> };
  manifest.files['v.csv'] = hex(bomb);
  const pack = encodePack(
    ['manifest.json', 'ti.gz', 'tl', 'v.csv'].map((name) => ({
      name,
      bytes: name === 'manifest.json' ? utf8Bytes(JSON.stringify(manifest)) : name === 'v.csv' ? bomb : files[name],
    })),
  );
  refusal(
    () => datasetFromFiles(decodePack(pack)),
    new RegExp(`^v\\.csv: gzip content of ${MAX_GUNZIPPED_BYTES + 1} bytes exceeds the limit of \\d+ bytes$`),
  );
});
