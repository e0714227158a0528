// Data the tests read from the checkout's sibling folder ../shared (not in the repository). Locally a test that needs
// a missing folder is skipped with a message saying so; under CI=true it runs and fails with that message instead,
// so a CI machine without the files cannot pass by skipping.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../../', import.meta.url); // the repository root, from test/helpers/

export function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

export interface SharedData {
  /** Absolute path of the folder, with a trailing slash. */
  readonly path: string;
  readonly present: boolean;
  /** Options for test(): a skip with the message when missing outside CI, nothing otherwise. */
  readonly options: { skip?: string };
  /** The path, or an Error with the message when missing (the way a CI run fails). */
  require(): string;
}

/** `name` is relative to ../shared, e.g. 'datasets/mnist'. */
export function sharedData(name: string): SharedData {
  const path = fileURLToPath(new URL(`../shared/${name}/`, ROOT));
  const present = existsSync(path);
  const message = `../shared/${name} is missing: ${inCi() ? 'CI needs' : 'skipped without'} the shared ${describe(name)} files (looked in ${path})`;
  return {
    path,
    present,
    options: present || inCi() ? {} : { skip: message },
    require() {
      if (!present) throw new Error(message);
      return path;
    },
  };
}

function describe(name: string): string {
  return name === 'datasets/mnist' ? 'MNIST' : name;
}

/** ../shared/datasets/mnist: the four MNIST files and their SHA256SUMS. */
export const MNIST = sharedData('datasets/mnist');
