// The second problem of the governance end-to-end test (test/e2e/governance/): a data set folder made from the
// bundled digits with every image inverted (white digits on black become black on white), 28x28x1 in 10 classes so
// that cnn-v2 and its small variant (test/fixtures/cnn-v2-small.bnf) build for it without skips. Its validation
// split holds 4 x the head bound of both grammars on that input (252 features: PROTOCOL 5.8), the least a proposed
// problem may have; the train split is small, for quick training. Samples are taken at an even stride through the
// package's splits (which list digit 0's samples first, then digit 1's, ...), so every class is there.
// With INVERTED_THRESHOLD (falling from 100% to 0 in 5 s) a block on it takes seconds of training.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toHex } from '../../src/codec/hex.js';
import { sha3_256 } from '../../src/crypto/hash.js';
import type { ThresholdParams } from '../../src/consensus/threshold.js';
import { digitsFiles } from '../../src/io/data/mnist-package.js';
import { encodeIdxImages, encodeIdxLabels } from '../../src/ml/data/idx.js';
import type { Shape } from '../../src/arch/ir.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const HEADER = { images: 16, labels: 8 };
/** 4 x 252, the head bound of cnn-v2 (and cnn-v2-small) on 28x28x1. */
export const VALIDATION_SAMPLES = 1008;
export const TRAIN_SAMPLES = 300;
export const INVERTED_INPUT: Shape = { kind: 'image', h: SIDE, w: SIDE, c: 1 };
export const INVERTED_CLASSES = 10;
export const INVERTED_THRESHOLD: ThresholdParams = {
  mode: 'fixed',
  startBp: 10_000,
  floorBp: 0,
  decayBp: 2000,
  decaySeconds: 1,
};

/** `count` samples of one split of the bundled digits, evenly spaced, inverted: IDX images and labels. */
function invertedSplit(
  files: ReadonlyMap<string, Uint8Array>,
  split: 'train' | 'validation',
  count: number,
): { images: Uint8Array; labels: Uint8Array } {
  const images = files.get(`digits-${split}-images.idx3`)!.subarray(HEADER.images);
  const labels = files.get(`digits-${split}-labels.idx1`)!.subarray(HEADER.labels);
  if (count > labels.length) throw new RangeError(`${count} samples of the ${labels.length} ${split} digits`);
  const pixels = new Uint8Array(count * PIXELS);
  const picked = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const k = Math.floor((i * labels.length) / count);
    for (let p = 0; p < PIXELS; p++) pixels[i * PIXELS + p] = 255 - images[k * PIXELS + p];
    picked[i] = labels[k];
  }
  return { images: encodeIdxImages(count, SIDE, SIDE, pixels), labels: encodeIdxLabels(picked) };
}

/** Writes the inverted-digits folder (manifest.json and four IDX files) to `dir`; returns `dir`. */
export async function writeInvertedDigits(
  dir: string,
  { train = TRAIN_SAMPLES, validation = VALIDATION_SAMPLES } = {},
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const digits = new Map(digitsFiles().map((f) => [f.name, f.bytes]));
  const splits = {
    train: invertedSplit(digits, 'train', train),
    validation: invertedSplit(digits, 'validation', validation),
  };
  const files: Record<string, Uint8Array> = {};
  for (const [split, { images, labels }] of Object.entries(splits)) {
    files[`${split}-images.idx3`] = images;
    files[`${split}-labels.idx1`] = labels;
  }
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);
  const manifest = {
    name: 'inverted-digits',
    input: INVERTED_INPUT,
    classes: INVERTED_CLASSES,
    metric: 'accuracy',
    files: Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, toHex(sha3_256(bytes))])),
    train: { images: 'train-images.idx3', labels: 'train-labels.idx1' },
    validation: { images: 'validation-images.idx3', labels: 'validation-labels.idx1' },
  };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return dir;
}
