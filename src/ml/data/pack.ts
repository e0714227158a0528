// A data set as one stored object, its pack (docs/PROTOCOL.md 7.3): `count: varint(8) (1..64) ‖ count × (name:
// varbytes(1..128), UTF-8 ‖ size: varint(53)) ‖ the files' bytes, in that order`, the files in the canonical export
// order (manifest.json, then the files it lists in name order; or the four MNIST IDX files). A proposed problem
// names its data by the pack's segment root, so every node must read the same bytes as the same files: the decoder
// admits exactly one encoding of a file list, and datasetFromFiles parses the files as loadDataset does a folder.
import { shapeSize } from '../../arch/ir.js';
import { bytesEqual, toHex } from '../../codec/hex.js';
import { utf8Bytes, utf8Text } from '../../codec/bytes.js';
import { DecodeError } from '../../codec/errors.js';
import { Reader } from '../../codec/reader.js';
import { Writer } from '../../codec/writer.js';
import { sha3_256 } from '../../crypto/hash.js';
import { parseCsv } from './csv.js';
import { DatasetError, sliceSplit, type Dataset } from './dataset.js';
import { gunzip, isGzip } from './gunzip.js';
import { idxSplit } from './idx-split.js';
import { isSafeFileName, parseManifest, type Manifest, type SplitSource } from './manifest.js';
import type { Split } from './split.js';

export interface DataFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export const MANIFEST_FILE = 'manifest.json';
const MNIST = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};
/** The four MNIST files' names without .gz, in their canonical order. */
export const MNIST_FILE_NAMES: readonly string[] = Object.values(MNIST);
/** Of the n samples of MNIST's train-*, the last floor(n/12) are validation (5,000 of 60,000). */
const MNIST_VALIDATION_FRACTION = 12;
const MNIST_SIDE = 28;

export const MAX_PACK_FILES = 64;
const MAX_NAME_BYTES = 128;
/**
 * The most bytes a data set's gzipped files unpack to, all together: a pack is paid for by its size, and without a
 * bound a few kilobytes of gzip would make every node that judges the proposal allocate gigabytes.
 */
export const MAX_GUNZIPPED_BYTES = 256 * 1024 * 1024;

export function encodePack(files: readonly DataFile[]): Uint8Array {
  checkPackFiles(files.map((f) => f.name));
  const w = new Writer().varint('count', files.length, 8);
  for (const f of files) w.varBytes('name', utf8Bytes(f.name), MAX_NAME_BYTES).varint('size', f.bytes.length, 53);
  const head = w.finish();
  const out = new Uint8Array(head.length + files.reduce((n, f) => n + f.bytes.length, 0));
  out.set(head);
  let at = head.length;
  for (const f of files) {
    out.set(f.bytes, at);
    at += f.bytes.length;
  }
  return out;
}

/** The files of a pack; throws a DatasetError unless `bytes` is exactly the canonical encoding of a file list. */
export function decodePack(bytes: Uint8Array): DataFile[] {
  const r = new Reader(bytes);
  const entries: { name: string; size: number }[] = [];
  try {
    const count = Number(r.varint('count', 8));
    if (count < 1 || count > MAX_PACK_FILES) fail(`${count} files; a pack holds 1 to ${MAX_PACK_FILES}`);
    for (let i = 0; i < count; i++) {
      const raw = r.varBytes('name', MAX_NAME_BYTES);
      const name = utf8Text(raw);
      if (!bytesEqual(utf8Bytes(name), raw)) fail(`file name ${i} is not UTF-8`);
      entries.push({ name, size: r.uint('size', Number.MAX_SAFE_INTEGER) });
    }
  } catch (err) {
    if (err instanceof DecodeError) fail(err.message);
    throw err;
  }
  checkPackFiles(entries.map((e) => e.name));
  const need = entries.reduce((n, e) => n + e.size, 0);
  const left = bytes.length - r.offset;
  if (need > left) fail(`truncated: its files need ${need} bytes, ${left} left`);
  if (need < left) fail(`${left - need} trailing bytes after its files`);
  let at = r.offset;
  return entries.map((e) => {
    const file = { name: e.name, bytes: bytes.slice(at, at + e.size) };
    at += e.size;
    return file;
  });
}

function fail(what: string): never {
  throw new DatasetError(`data pack: ${what}`);
}

/** The names of a pack's files: 1..64, each a safe relative name of 1..128 bytes, once, in the canonical order. */
function checkPackFiles(names: readonly string[]): void {
  if (names.length < 1 || names.length > MAX_PACK_FILES) {
    fail(`${names.length} files; a pack holds 1 to ${MAX_PACK_FILES}`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    const size = utf8Bytes(name).length;
    if (size < 1 || size > MAX_NAME_BYTES) fail(`file name "${name}" is not 1 to ${MAX_NAME_BYTES} bytes long`);
    if (!isSafeFileName(name)) fail(`file name "${name}" is not a safe relative file name`);
    if (seen.has(name)) fail(`file name "${name}" appears twice`);
    seen.add(name);
  }
  const manifestFirst = names[0] === MANIFEST_FILE && names.slice(2).every((n, i) => names[i + 1] < n);
  if (!manifestFirst && !isMnistFiles(names)) {
    fail(
      `files ${names.map((n) => `"${n}"`).join(', ')} are not in the canonical order ` +
        `(${MANIFEST_FILE}, then the files it lists in name order; or the four MNIST IDX files)`,
    );
  }
}

function isMnistFiles(names: readonly string[]): boolean {
  return names.length === 4 && MNIST_FILE_NAMES.every((base, i) => names[i] === base || names[i] === `${base}.gz`);
}

/**
 * The data set held by `files` (in the canonical order): manifest.json and the files it lists, each checked against
 * its SHA3-256, or the four MNIST IDX files. Gzipped files are unpacked, within MAX_GUNZIPPED_BYTES together. Errors
 * name a file as `dir/name` when `dir` is given (the folder the files came from), else by name.
 */
export function datasetFromFiles(files: readonly DataFile[], dir?: string): Dataset {
  const where = (name: string) => (dir === undefined ? name : `${dir}/${name}`);
  let budget = MAX_GUNZIPPED_BYTES;
  const unpack = (f: DataFile): Uint8Array => {
    if (!isGzip(f.bytes)) return f.bytes;
    const out = gunzip(f.bytes, where(f.name), budget);
    budget -= out.length;
    return out;
  };
  if (files[0]?.name === MANIFEST_FILE) return manifestDataset(files, where, unpack);
  if (isMnistFiles(files.map((f) => f.name))) return mnistDataset(files, where, unpack);
  throw new DatasetError(
    `${dir ?? 'data set'}: holds neither ${MANIFEST_FILE} (first) nor the four MNIST IDX files (in their order)`,
  );
}

function manifestDataset(
  files: readonly DataFile[],
  where: (name: string) => string,
  unpack: (f: DataFile) => Uint8Array,
): Dataset {
  const m = parseManifest(utf8Text(files[0].bytes), where(MANIFEST_FILE));
  const listed = Object.keys(m.files).sort();
  const held = files.slice(1).map((f) => f.name);
  if (held.length !== listed.length || held.some((n, i) => n !== listed[i])) {
    throw new DatasetError(
      `${where(MANIFEST_FILE)}: lists ${listed.join(', ') || 'no files'}; the data set holds ${held.join(', ') || 'no other files'}`,
    );
  }
  const byName = new Map<string, Uint8Array>();
  for (const f of files.slice(1)) {
    const digest = toHex(sha3_256(f.bytes));
    if (digest !== m.files[f.name]) {
      throw new DatasetError(`${where(f.name)}: SHA3-256 ${digest} does not match the manifest's ${m.files[f.name]}`);
    }
    byName.set(f.name, f.bytes);
  }
  // Unpacked once per file, even when two splits name the same one.
  const unpacked = new Map<string, Uint8Array>();
  const read = (name: string): Uint8Array => {
    const bytes = unpacked.get(name) ?? unpack({ name, bytes: byName.get(name)! });
    unpacked.set(name, bytes);
    return bytes;
  };
  const split = (source: SplitSource): Split => manifestSplit(m, source, where, read);
  return {
    name: m.name,
    input: m.input,
    classes: m.classes,
    metric: m.metric,
    train: split(m.splits.train),
    validation: split(m.splits.validation),
    ...(m.splits.test && { test: split(m.splits.test) }),
  };
}

function manifestSplit(
  m: Manifest,
  source: SplitSource,
  where: (name: string) => string,
  read: (name: string) => Uint8Array,
): Split {
  if ('csv' in source) {
    return parseCsv(utf8Text(read(source.csv)), where(source.csv), shapeSize(m.input), m.classes, source.scale);
  }
  if (m.input.kind !== 'image' || m.input.c !== 1) {
    throw new DatasetError(`${where(source.images)}: IDX images need a one-channel image input`);
  }
  return idxSplit(
    read(source.images),
    where(source.images),
    read(source.labels),
    where(source.labels),
    m.input,
    m.classes,
  );
}

function mnistDataset(
  files: readonly DataFile[],
  where: (name: string) => string,
  unpack: (f: DataFile) => Uint8Array,
): Dataset {
  const [trainImages, trainLabels, testImages, testLabels] = files;
  const read = (images: DataFile, labels: DataFile): Split =>
    idxSplit(
      unpack(images),
      where(images.name),
      unpack(labels),
      where(labels.name),
      { h: MNIST_SIDE, w: MNIST_SIDE },
      10,
    );
  const all = read(trainImages, trainLabels);
  const held = Math.floor(all.count / MNIST_VALIDATION_FRACTION);
  return {
    name: 'mnist',
    input: { kind: 'image', h: MNIST_SIDE, w: MNIST_SIDE, c: 1 },
    classes: 10,
    metric: 'accuracy',
    train: sliceSplit(all, 0, all.count - held),
    validation: sliceSplit(all, all.count - held, held),
    test: read(testImages, testLabels),
  };
}
