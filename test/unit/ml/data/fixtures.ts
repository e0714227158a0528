// Small IDX files built in memory, for the data tests.
import { encodeIdxImages, encodeIdxLabels } from '../../../../src/ml/data/idx.js';

export function idxImages(count: number, h: number, w: number, pixel: (i: number) => number): Uint8Array {
  return encodeIdxImages(
    count,
    h,
    w,
    Uint8Array.from({ length: count * h * w }, (_, i) => pixel(i)),
  );
}

export function idxLabels(labels: number[]): Uint8Array {
  return encodeIdxLabels(Uint8Array.from(labels));
}
