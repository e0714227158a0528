// A CSV split (src/ml/data/csv.ts) as loadDataset reads one named by a manifest. The first three input bytes are
// not file text: they pick the feature count the manifest's input shape gives, the class count and the scale.
import { utf8Text } from '../../../src/codec/bytes.js';
import { parseCsv } from '../../../src/ml/data/csv.js';
import { DatasetError } from '../../../src/ml/data/dataset.js';
import type { Split } from '../../../src/ml/data/split.js';
import type { Target } from '../harness.js';

/** Shape sizes a manifest may declare, the last ones far beyond any file (1 x 65536 x 32768 and so on). */
const FEATURES = [1, 2, 3, 4, 5, 8, 16, 784, 65_536, 2 ** 31, 2 ** 32 - 1, 2 ** 40];
const SCALES = [1, 255, 0.5, 2];

interface Parsed {
  readonly split: Split;
  readonly features: number;
  readonly classes: number;
}

function settings(input: Uint8Array) {
  return {
    features: FEATURES[(input[0] ?? 0) % FEATURES.length],
    classes: 2 + ((input[1] ?? 0) % 255),
    scale: SCALES[(input[2] ?? 0) % SCALES.length],
  };
}

const seed = (features: number, classes: number, scale: number, text: string) =>
  new Uint8Array([FEATURES.indexOf(features), classes - 2, SCALES.indexOf(scale), ...new TextEncoder().encode(text)]);

export const datasetCsvTarget: Target<Parsed> = {
  name: 'dataset-csv',
  about: 'parseCsv (src/ml/data/csv.ts): a CSV split of a manifest data set',
  seeds: () => [
    seed(4, 3, 255, '2,0,255,51,102\n1,1,2,3,4\n'),
    seed(2, 2, 1, '0,0.5,1\r\n1,0,0.25\r\n\r\n'),
    seed(1, 10, 1, '9,1\n'),
    seed(5, 256, 2, '255,0,1,2,0.5,1e-3\n0,  1,2,2,2,2\n'),
  ],
  decode: (input) => {
    const { features, classes, scale } = settings(input);
    return { split: parseCsv(utf8Text(input.subarray(3)), 'v.csv', features, classes, scale), features, classes };
  },
  isRejection: (err) => err instanceof DatasetError,
  check: ({ split, features, classes }) => {
    if (split.x.length !== split.count * features || split.y.length !== split.count) return 'sizes disagree';
    if (!split.x.every((v) => v >= 0 && v <= 1)) return 'a feature outside [0, 1]';
    if (!split.y.every((y) => y < classes)) return `a label not below ${classes}`;
    return undefined;
  },
  dictionary: [',', '\n', '\r\n', '0', '1', '255', '256', '-0', '1e400', 'NaN', 'Infinity', '0x1', ' ', '.5'],
  maxInputBytes: 8 * 1024,
};
