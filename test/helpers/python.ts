// A Python (with numpy or PyTorch, where asked) for tests that check against an independent implementation. By
// default Debian's /usr/bin/python3 (apt-get install python3-numpy python3-torch); COINAI_TEST_PYTHON overrides.
// Missing: skipped with a message locally, failing with that message under CI=true (like shared-data.ts).
import { spawnSync } from 'node:child_process';
import { inCi } from './shared-data.js';

export const PYTHON = process.env.COINAI_TEST_PYTHON ?? '/usr/bin/python3';

export interface PythonCheck {
  readonly present: boolean;
  /** Options for test(): a skip with the message when missing outside CI, nothing otherwise. */
  readonly options: { skip?: string };
  /** The interpreter, or an Error with the message when it or the module is missing. */
  require(): string;
}

export function pythonWithNumpy(): PythonCheck {
  return python('numpy', 'the independent evaluator check (Debian: apt-get install python3-numpy)');
}

export function pythonWithTorch(): PythonCheck {
  return python('torch', 'the PyTorch trainer (Debian: apt-get install python3-torch)');
}

/** The interpreter with module `module` (of its standard library or installed), needed for `purpose`. */
export function python(module: string, purpose: string): PythonCheck {
  const r = spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8' });
  const present = r.status === 0;
  const why = r.error ? r.error.message : (r.stderr ?? '').trim().split('\n').pop();
  const message = `${PYTHON} with ${module} is missing (${why}): ${inCi() ? 'CI needs' : 'skipped without'} it for ${purpose}`;
  return {
    present,
    options: present || inCi() ? {} : { skip: message },
    require() {
      if (!present) throw new Error(message);
      return PYTHON;
    },
  };
}
