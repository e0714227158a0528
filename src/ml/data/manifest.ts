// manifest.json: describes a data set folder and pins each data file by its SHA3-256.
//   { "name": "digits", "input": { "kind": "image", "h": 28, "w": 28, "c": 1 }, "classes": 10,
//     "metric": "accuracy",
//     "files": { "train-images.gz": "<sha3-256 hex>", ... },
//     "train": { "images": "train-images.gz", "labels": "train-labels.gz" },   (IDX pair)
//     "validation": { "csv": "validation.csv", "scale": 255 },                   (or CSV)
//     "test": ... optional }
import type { Shape } from '../../arch/ir.js';
import { DatasetError, METRICS, type Metric, type SplitName } from './dataset.js';

export type SplitSource = { images: string; labels: string } | { csv: string; scale: number };

export interface Manifest {
  name: string;
  input: Shape;
  classes: number;
  metric: Metric;
  /** File name (relative to the manifest's folder) -> its SHA3-256, lowercase hex. */
  files: Record<string, string>;
  splits: Partial<Record<SplitName, SplitSource>> & Record<'train' | 'validation', SplitSource>;
}

const MAX_CLASSES = 256; // labels are bytes
const MAX_SIDE = 0xffff_ffff;

export function parseManifest(text: string, file: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DatasetError(`${file}: not JSON (${(err as Error).message})`);
  }
  const fail = (what: string): never => {
    throw new DatasetError(`${file}: ${what}`);
  };
  const m = isObject(raw) ? raw : fail('expected a JSON object');
  const name = typeof m.name === 'string' && m.name !== '' ? m.name : fail('"name" must be a non-empty string');
  const input =
    parseShape(m.input) ?? fail('"input" must be {kind:"image",h,w,c} or {kind:"flat",n} of integers in 1..2^32-1');
  const classes =
    isCount(m.classes) && m.classes >= 2 && m.classes <= MAX_CLASSES
      ? m.classes
      : fail(`"classes" must be an integer in 2..${MAX_CLASSES}`);
  const metric = METRICS.includes(m.metric as Metric)
    ? (m.metric as Metric)
    : fail(`"metric" must be one of ${METRICS.join(', ')}`);
  const files = isObject(m.files) ? m.files : fail('"files" must map file names to SHA3-256 hex digests');
  for (const [f, h] of Object.entries(files)) {
    if (!isSafeFileName(f)) fail(`file name "${f}" must be relative to the manifest's folder`);
    if (typeof h !== 'string' || !/^[0-9a-f]{64}$/.test(h))
      fail(`"files"."${f}" must be a lowercase SHA3-256 hex digest`);
  }
  const source = (key: SplitName): SplitSource | undefined => {
    const s = m[key];
    if (s === undefined && key === 'test') return undefined;
    const parsed = parseSource(s) ?? fail(`"${key}" must be {images, labels} or {csv, scale?}`);
    for (const f of 'csv' in parsed ? [parsed.csv] : [parsed.images, parsed.labels]) {
      // Own keys only: `in` would also find "constructor", "toString" ... on Object.prototype.
      if (!Object.hasOwn(files, f)) fail(`"${key}" names "${f}", which "files" does not list with its hash`);
    }
    return parsed;
  };
  const splits = { train: source('train')!, validation: source('validation')!, test: source('test') };
  if (splits.test === undefined) delete splits.test;
  return { name, input, classes, metric, files: files as Record<string, string>, splits };
}

function parseShape(v: unknown): Shape | undefined {
  if (!isObject(v)) return undefined;
  if (v.kind === 'image' && isSide(v.h) && isSide(v.w) && isSide(v.c)) return { kind: 'image', h: v.h, w: v.w, c: v.c };
  if (v.kind === 'flat' && isSide(v.n)) return { kind: 'flat', n: v.n };
  return undefined;
}

function parseSource(v: unknown): SplitSource | undefined {
  if (!isObject(v)) return undefined;
  if (typeof v.images === 'string' && typeof v.labels === 'string') return { images: v.images, labels: v.labels };
  const scale = v.scale ?? 1;
  // Finite: JSON.parse reads 1e400 as Infinity, which would scale every feature to 0.
  if (typeof v.csv === 'string' && typeof scale === 'number' && Number.isFinite(scale) && scale > 0)
    return { csv: v.csv, scale };
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A dimension of the input shape: 1..2^32-1, as in a chain config's problem and the model file's u32 fields. */
function isSide(v: unknown): v is number {
  return isCount(v) && v <= MAX_SIDE;
}

function isCount(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 1;
}

/**
 * A relative file name that stays inside its folder on every system: '/'-separated parts, none empty, '.' or '..',
 * and no backslash, colon or control character (a drive, an alternate stream or a Windows separator).
 */
export function isSafeFileName(f: string): boolean {
  for (let i = 0; i < f.length; i++) {
    const c = f.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || f[i] === '\\' || f[i] === ':') return false;
  }
  return f.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}
