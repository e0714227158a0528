// A folder holding the four MNIST files under their usual names, gzipped or not (ml/data/pack.ts reads them).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MNIST_FILE_NAMES } from '../../ml/data/pack.js';

export function isMnistDir(dir: string): boolean {
  return MNIST_FILE_NAMES.every((n) => [n, `${n}.gz`].some((f) => existsSync(join(dir, f))));
}
