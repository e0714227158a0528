// A data set's manifest.json as loadDataset reads it (src/ml/data/manifest.ts): accepted manifests must only name
// split files that "files" lists (as its own keys) with a lowercase SHA3-256 digest, under safe relative names.
import { utf8Text } from '../../../src/codec/bytes.js';
import { DatasetError } from '../../../src/ml/data/dataset.js';
import { parseManifest, type Manifest } from '../../../src/ml/data/manifest.js';
import { mutateJson } from '../mutate-json.js';
import type { Target } from '../harness.js';

const encoder = new TextEncoder();
const h = (c: string) => c.repeat(64);

const MANIFESTS = [
  {
    name: 'tiny',
    input: { kind: 'image', h: 2, w: 2, c: 1 },
    classes: 3,
    metric: 'macro-f1',
    files: { 'ti.gz': h('a'), tl: h('b'), 'v.csv': h('c') },
    train: { images: 'ti.gz', labels: 'tl' },
    validation: { csv: 'v.csv', scale: 255 },
  },
  {
    name: 'digits',
    input: { kind: 'image', h: 28, w: 28, c: 1 },
    classes: 10,
    metric: 'accuracy',
    files: { 'train-images.gz': h('0'), 'train-labels.gz': h('1'), 'val.csv': h('2'), 'sub/test.csv': h('3') },
    train: { images: 'train-images.gz', labels: 'train-labels.gz' },
    validation: { csv: 'val.csv' },
    test: { csv: 'sub/test.csv', scale: 1 },
  },
  {
    name: 'flat',
    input: { kind: 'flat', n: 4 },
    classes: 2,
    metric: 'accuracy',
    files: { 'a.csv': h('d') },
    train: { csv: 'a.csv' },
    validation: { csv: 'a.csv', scale: 0.5 },
  },
];

function check(m: Manifest): string | undefined {
  const sides = m.input.kind === 'image' ? [m.input.h, m.input.w, m.input.c] : [m.input.n];
  // The model file and the chain config's problem hold input sides as u32.
  if (!sides.every((v) => Number.isInteger(v) && v >= 1 && v <= 0xffff_ffff)) return `input sides ${sides.join(', ')}`;
  for (const [name, source] of Object.entries(m.splits)) {
    if (source === undefined) continue;
    for (const f of 'csv' in source ? [source.csv] : [source.images, source.labels]) {
      if (!Object.hasOwn(m.files, f)) return `split ${name} names "${f}", which "files" does not list`;
      if (typeof m.files[f] !== 'string' || !/^[0-9a-f]{64}$/.test(m.files[f])) return `"${f}" has no digest`;
      if (f === '' || f.startsWith('/') || f.split(/[\\/]/).includes('..')) return `unsafe file name "${f}"`;
    }
    if ('csv' in source && !(Number.isFinite(source.scale) && source.scale > 0)) {
      return `split ${name} has scale ${source.scale}`;
    }
  }
  return undefined;
}

export const manifestTarget: Target<Manifest> = {
  name: 'manifest',
  about: 'parseManifest (src/ml/data/manifest.ts): manifest.json of a data set folder',
  seeds: () => MANIFESTS.map((m) => encoder.encode(JSON.stringify(m, null, 2))),
  decode: (bytes) => parseManifest(utf8Text(bytes), 'manifest.json'),
  isRejection: (err) => err instanceof DatasetError,
  check,
  mutate: (rng, input) => {
    const text = mutateJson(rng, utf8Text(input), 16 * 1024);
    return text === undefined ? undefined : encoder.encode(text);
  },
  dictionary: ['"', '{', '}', ',', ':', 'null', '1e400', '"toString"', '"__proto__"', '"../x"'],
  maxInputBytes: 16 * 1024,
  memoryFactor: 256,
};
