// CSV samples: one sample per line, the class label first, then the C*H*W features in CHW order,
// each divided by `scale` (1 when the features are already in [0, 1], 255 for pixel bytes).
import { DatasetError, checkLabels } from './dataset.js';
import type { Split } from './split.js';

export function parseCsv(text: string, file: string, features: number, classes: number, scale = 1): Split {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const x = new Float32Array(lines.length * features);
  const y = new Uint8Array(lines.length);
  lines.forEach((line, i) => {
    const cells = line.split(',');
    if (cells.length !== features + 1) {
      throw new DatasetError(`${file}:${i + 1}: ${cells.length} columns, expected a label and ${features} features`);
    }
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
