// CSV samples: one sample per line, the class label first, then the C*H*W features in CHW order,
// each divided by `scale` (1 when the features are already in [0, 1], 255 for pixel bytes).
import { DatasetError, checkLabels } from './dataset.js';
import type { Split } from './split.js';

export function parseCsv(text: string, file: string, features: number, classes: number, scale = 1): Split {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  // Every line's columns are counted before the features are allocated, so the allocation is bounded by the
  // text (a line of F features has F commas), whatever feature count the manifest's input shape claims.
  lines.forEach((line, i) => {
    const columns = commas(line) + 1;
    if (columns !== features + 1) {
      throw new DatasetError(`${file}:${i + 1}: ${columns} columns, expected a label and ${features} features`);
    }
  });
  const x = new Float32Array(lines.length * features);
  const y = new Uint8Array(lines.length);
  lines.forEach((line, i) => {
    const cells = line.split(',');
    const label = Number(cells[0]);
    if (!Number.isInteger(label) || label < 0 || label > 255) {
      throw new DatasetError(`${file}:${i + 1}: label '${cells[0]}' is not a class index`);
    }
    y[i] = label;
    for (let j = 0; j < features; j++) {
      const v = Number(cells[j + 1]) / scale;
      if (cells[j + 1].trim() === '' || !(v >= 0 && v <= 1)) {
        throw new DatasetError(`${file}:${i + 1}: feature ${j + 1} '${cells[j + 1]}' is not in [0, ${scale}]`);
      }
      x[i * features + j] = v;
    }
  });
  checkLabels(y, classes, file);
  return { x, y, count: lines.length };
}

function commas(line: string): number {
  let n = 0;
  for (let at = line.indexOf(','); at >= 0; at = line.indexOf(',', at + 1)) n++;
  return n;
}
