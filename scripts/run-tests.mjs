// Runs the test suite through Node's test runner, tier by tier (Node 20 does not expand globs, so the files are
// listed here):
//   unit  test/unit/**  pure and fast: run in parallel, one file per core (TEST_UNIT_CONCURRENCY overrides)
//   spec  test/spec/**  known answers and vectors: parallel too
//   e2e   test/e2e/**   processes, libp2p nodes, servers on ports: serial (TEST_E2E_CONCURRENCY overrides)
// `node scripts/run-tests.mjs` runs every tier in that order, then fails if any failed; `--tier NAME` (or
// `--tier=NAME`) runs one. Other arguments narrow the run to files whose path contains any of them. Each tier
// prints Node's own summary ("# pass N", "# fail N") and its wall time; the whole run ends with a table of them.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, sep } from 'node:path';

const cores = availableParallelism();
const TIERS = [
  { name: 'unit', concurrency: Number(process.env.TEST_UNIT_CONCURRENCY) || cores },
  { name: 'spec', concurrency: Number(process.env.TEST_SPEC_CONCURRENCY) || cores },
  { name: 'e2e', concurrency: Number(process.env.TEST_E2E_CONCURRENCY) || 1 },
];

// Every test process first runs what an entry point sets up (the WebAssembly kernels' bytes); absolute, as
// processes the tests spawn inherit it from other folders.
const SETUP = new URL('../test/helpers/setup.mjs', import.meta.url).href;

function collect(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return collect(p);
    return e.name.endsWith('.test.ts') ? [p.split(sep).join('/')] : [];
  });
}

function tierOf(file) {
  return file.split('/')[1];
}

const args = process.argv.slice(2);
let only;
const filters = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--tier') only = args[++i];
  else if (args[i].startsWith('--tier=')) only = args[i].slice('--tier='.length);
  else filters.push(args[i]);
}
if (only !== undefined && !TIERS.some((t) => t.name === only)) {
  console.error(`unknown tier ${only}: one of ${TIERS.map((t) => t.name).join(', ')}`);
  process.exit(2);
}

const stray = collect('test').filter((f) => !TIERS.some((t) => t.name === tierOf(f)));
if (stray.length > 0) {
  console.error(
    `test files outside test/unit, test/spec and test/e2e (move them into a tier):\n  ${stray.join('\n  ')}`,
  );
  process.exit(1);
}
const files = collect('test')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
const runs = TIERS.filter((t) => only === undefined || t.name === only)
  .map((t) => ({ ...t, files: files.filter((f) => tierOf(f) === t.name) }))
  .filter((t) => t.files.length > 0);
if (runs.length === 0) {
  console.error(`no test files matched${only ? ` in tier ${only}` : ''}`);
  process.exit(1);
}

const results = [];
for (const t of runs) {
  console.log(`\n# tier ${t.name}: ${t.files.length} files, concurrency ${t.concurrency}`);
  const start = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', SETUP, '--test', `--test-concurrency=${t.concurrency}`, ...t.files],
    { stdio: 'inherit' },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const status = r.status ?? 1;
  results.push({ name: t.name, files: t.files.length, seconds, status });
  console.log(`# tier ${t.name}: ${status === 0 ? 'passed' : `FAILED (exit ${status})`} in ${seconds.toFixed(1)}s`);
}

if (results.length > 1) {
  console.log('\n# tier  files  seconds  result');
  for (const r of results) {
    console.log(
      `# ${r.name.padEnd(5)} ${String(r.files).padStart(5)} ${r.seconds.toFixed(1).padStart(8)}  ${r.status === 0 ? 'pass' : 'FAIL'}`,
    );
  }
  const total = results.reduce((s, r) => s + r.seconds, 0);
  console.log(`# total ${String(files.length).padStart(5)} ${total.toFixed(1).padStart(8)}`);
}
process.exit(results.some((r) => r.status !== 0) ? 1 : 0);
