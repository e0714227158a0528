// Samples to classify (`coinai predict`), without labels: an IDX images file (gzipped or not), a PNG
// image, or a CSV of one sample per line holding exactly the input's C*H*W features in [0, 1].
import { PNG } from 'pngjs';
import { shapeSize, type Shape } from '../../arch/ir.js';
import { DatasetError } from '../../ml/data/dataset.js';
import { gunzipIfNeeded, readRaw } from './files.js';
import { parseIdxImages } from '../../ml/data/idx.js';

export interface Inputs {
  x: Float32Array;
  count: number;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

export function loadInputs(path: string, input: Shape): Inputs {
  const bytes = gunzipIfNeeded(readRaw(path), path);
  if (PNG_MAGIC.every((b, i) => bytes[i] === b)) return pngInputs(bytes, path, input);
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 8) return idxInputs(bytes, path, input);
  return csvInputs(Buffer.from(bytes).toString('utf8'), path, shapeSize(input));
}

function idxInputs(bytes: Uint8Array, path: string, input: Shape): Inputs {
  const img = parseIdxImages(bytes, path);
  if (input.kind !== 'image' || input.c !== 1 || input.h !== img.h || input.w !== img.w) {
    throw new DatasetError(`${path}: ${img.h}x${img.w} one-channel images, the model takes ${describe(input)}`);
  }
  return { x: img.x, count: img.count };
}

/** One image; one channel takes the mean of R, G and B, three take them as planes; alpha is ignored. */
function pngInputs(bytes: Uint8Array, path: string, input: Shape): Inputs {
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes));
  } catch (err) {
    throw new DatasetError(`${path}: not a readable PNG (${(err as Error).message})`);
  }
  if (input.kind !== 'image' || (input.c !== 1 && input.c !== 3) || input.h !== png.height || input.w !== png.width) {
    throw new DatasetError(`${path}: a ${png.width}x${png.height} image, the model takes ${describe(input)}`);
  }
  const plane = png.width * png.height;
  const x = new Float32Array(input.c * plane);
  for (let i = 0; i < plane; i++) {
    const [r, g, b] = [png.data[4 * i], png.data[4 * i + 1], png.data[4 * i + 2]];
    if (input.c === 1) x[i] = (r + g + b) / 3 / 255;
    else [r, g, b].forEach((v, ch) => (x[ch * plane + i] = v / 255));
  }
  return { x, count: 1 };
}

function csvInputs(text: string, path: string, features: number): Inputs {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const x = new Float32Array(lines.length * features);
  lines.forEach((line, i) => {
    const cells = line.split(',');
    if (cells.length !== features)
      throw new DatasetError(`${path}:${i + 1}: ${cells.length} values, the model takes ${features}`);
    cells.forEach((cell, j) => {
      const v = Number(cell);
      if (cell.trim() === '' || !(v >= 0 && v <= 1))
        throw new DatasetError(`${path}:${i + 1}: value ${j + 1} '${cell}' is not in [0, 1]`);
      x[i * features + j] = v;
    });
  });
  return { x, count: lines.length };
}

export function describe(s: Shape): string {
  return s.kind === 'image' ? `${s.h}x${s.w}x${s.c} images` : `${s.n} features`;
}
