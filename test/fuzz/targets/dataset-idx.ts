// An IDX file (src/ml/data/idx.ts), images or labels, as loadDataset reads the MNIST files and IDX splits. The
// first input byte is not file data: even, an images file; odd, a labels file.
import { DatasetError } from '../../../src/ml/data/dataset.js';
import { parseIdxImages, parseIdxLabels, type IdxImages } from '../../../src/ml/data/idx.js';
import type { Target } from '../harness.js';

function idx(kind: number, magic: number, dims: number[], data: number[]): Uint8Array {
  const out = new Uint8Array(1 + 4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[0] = kind;
  view.setUint32(1, magic);
  dims.forEach((d, i) => view.setUint32(5 + 4 * i, d));
  out.set(data, 5 + 4 * dims.length);
  return out;
}

export const datasetIdxTarget: Target<IdxImages | Uint8Array> = {
  name: 'dataset-idx',
  about: 'parseIdxImages / parseIdxLabels (src/ml/data/idx.ts): MNIST-format image and label files',
  seeds: () => [
    idx(
      0,
      2051,
      [3, 2, 2],
      Array.from({ length: 12 }, (_, i) => i * 20),
    ),
    idx(0, 2051, [0, 28, 28], []),
    idx(1, 2049, [4], [0, 1, 2, 9]),
    idx(1, 2049, [0], []),
  ],
  decode: (input) =>
    (input[0] ?? 0) % 2 === 0
      ? parseIdxImages(input.subarray(1), 'images.idx')
      : parseIdxLabels(input.subarray(1), 'labels.idx'),
  isRejection: (err) => err instanceof DatasetError,
  check: (v, input) => {
    if (v instanceof Uint8Array) return v.length === input.length - 9 ? undefined : 'label count disagrees';
    return v.x.length === v.count * v.h * v.w ? undefined : 'image size disagrees';
  },
  maxInputBytes: 4096,
};
