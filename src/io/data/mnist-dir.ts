// A folder holding the four MNIST files under their usual names, gzipped or not:
// train = train-*, test = t10k-*, validation = the last floor(n/12) samples of train-*
// (5,000 of MNIST's 60,000), which train then leaves out.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError, sliceSplit, type Dataset } from '../../ml/data/dataset.js';
import { gunzipIfNeeded, readRaw } from './files.js';
import { idxSplit } from '../../ml/data/idx-split.js';
import type { Split } from '../../ml/data/split.js';

const NAMES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};
/** The four files' names without .gz, in the order the data set export lists them. */
export const MNIST_FILE_NAMES = Object.values(NAMES);
const VALIDATION_FRACTION = 12;
const SIDE = 28;

export function isMnistDir(dir: string): boolean {
  return Object.values(NAMES).every((n) => findFile(dir, n) !== undefined);
}

export function loadMnistDir(dir: string): Dataset {
  const read = (images: string, labels: string): Split => {
    const [imagesFile, labelsFile] = [mustFind(dir, images), mustFind(dir, labels)];
    return idxSplit(
      gunzipIfNeeded(readRaw(imagesFile), imagesFile),
      imagesFile,
      gunzipIfNeeded(readRaw(labelsFile), labelsFile),
      labelsFile,
      { h: SIDE, w: SIDE },
      10,
    );
  };
  const all = read(NAMES.trainImages, NAMES.trainLabels);
  const held = Math.floor(all.count / VALIDATION_FRACTION);
  return {
    name: 'mnist',
    input: { kind: 'image', h: SIDE, w: SIDE, c: 1 },
    classes: 10,
    metric: 'accuracy',
    train: sliceSplit(all, 0, all.count - held),
    validation: sliceSplit(all, all.count - held, held),
    test: read(NAMES.testImages, NAMES.testLabels),
  };
}

function findFile(dir: string, name: string): string | undefined {
  return [name, `${name}.gz`].map((n) => join(dir, n)).find((p) => existsSync(p));
}

function mustFind(dir: string, name: string): string {
  const path = findFile(dir, name);
  if (path === undefined) throw new DatasetError(`${dir}: no ${name} or ${name}.gz`);
  return path;
}
