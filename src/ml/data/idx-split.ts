// A split made of an IDX images file and an IDX labels file.
import { DatasetError, checkLabels } from './dataset.js';
import { parseIdxImages, parseIdxLabels } from './idx.js';
import type { Split } from './split.js';

export function idxSplit(
  images: Uint8Array,
  imagesFile: string,
  labels: Uint8Array,
  labelsFile: string,
  input: { h: number; w: number },
  classes: number,
): Split {
  const img = parseIdxImages(images, imagesFile);
  if (img.h !== input.h || img.w !== input.w) {
    throw new DatasetError(
      `${imagesFile}: images are ${img.h}x${img.w}, the data set's input is ${input.h}x${input.w}`,
    );
  }
  const y = parseIdxLabels(labels, labelsFile);
  if (y.length !== img.count) {
    throw new DatasetError(`${labelsFile}: ${y.length} labels for the ${img.count} images of ${imagesFile}`);
  }
  checkLabels(y, classes, labelsFile);
  return { x: img.x, y, count: img.count };
}
