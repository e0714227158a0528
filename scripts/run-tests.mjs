// Runs every test/**/*.test.ts through Node's test runner. Node 20 does not expand globs, so the
// files are listed here; arguments narrow the run to paths containing any of them.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// Every test process first runs what an entry point sets up (the WebAssembly kernels' bytes); absolute, as
// processes the tests spawn inherit it from other folders.
const SETUP = new URL('../test/helpers/setup.mjs', import.meta.url).href;

function collect(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return collect(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const filters = process.argv.slice(2);
const files = collect('test')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', SETUP, '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
