// npm run fuzz [-- options]: runs every fuzz target (test/fuzz/targets/) for 1,000,000 generated and mutated inputs
// each, a worker thread per target, a few at a time. Not part of `npm test`; CI runs a short version
// (`--iterations 2000`). A failure prints the target, the seed, the input number and the input's hex, saves the
// input under test/fuzz/crashes/ (git-ignored), and makes the run exit 1; `--replay FILE` judges a saved input again.
//   --iterations N   inputs per target (default 1,000,000; with --seconds alone, unbounded)
//   --seconds S      stop each target after S seconds
//   --target NAME    only this target (repeat, or a comma-separated list)
//   --seed S         the run's seed (default 1): the same seed gives the same inputs
//   --jobs N         targets run at once (default: the cores)
//   --time-limit MS  a decode slower than this fails (default 2000); a worker stuck on one input for
//                    5x this is stopped and the input reported as a hang
//   --memory MB      the worker's heap limit (default 1024): exceeding it reports the input as out of memory
//   --list           print the targets
//   --replay FILE    judge one saved input (hex or raw bytes); the target comes from --target or the file name
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { fromHex, toHex } from '../../src/codec/hex.js';
import { startWorker } from '../../src/ml/eval-pool/start-worker.js';
import { judge } from './harness.js';
import { TARGETS, targetNamed } from './targets/index.js';
import { currentInput, sharedBufferFor, type RunStats, type WorkerJob, type WorkerMessage } from './worker.js';

interface Options {
  iterations: number;
  seconds: number;
  targets: string[];
  seed: number;
  jobs: number;
  timeLimitMs: number;
  memoryMb: number;
  list: boolean;
  replay?: string;
}

const CRASHES = new URL('./crashes/', import.meta.url);

function usage(message: string): never {
  console.error(`fuzz: ${message}\n(see the options at the top of test/fuzz/run.ts)`);
  process.exit(2);
}

function count(flag: string, text: string | undefined, min = 0): number {
  const v = Number((text ?? '').replace(/_/g, ''));
  if (text === undefined || !Number.isFinite(v) || !Number.isInteger(v) || v < min) {
    usage(`${flag} must be an integer of at least ${min}, not '${text}'`);
  }
  return v;
}

function parseArgs(args: string[]): Options {
  const o: Options = {
    iterations: NaN,
    seconds: Infinity,
    targets: [],
    seed: 1,
    jobs: availableParallelism(),
    timeLimitMs: 2000,
    memoryMb: 1024,
    list: false,
  };
  for (let k = 0; k < args.length; k++) {
    const [flag, inline] = args[k].includes('=') ? args[k].split(/=(.*)/s, 2) : [args[k], undefined];
    const value = () => inline ?? args[++k];
    switch (flag) {
      case '--iterations':
        o.iterations = count(flag, value(), 1);
        break;
      case '--seconds': {
        const text = value();
        o.seconds = Number(text);
        if (!(o.seconds > 0)) usage(`--seconds must be a positive number, not '${text}'`);
        break;
      }
      case '--target':
        o.targets.push(...value().split(',').filter(Boolean));
        break;
      case '--seed':
        o.seed = count(flag, value()) >>> 0;
        break;
      case '--jobs':
        o.jobs = count(flag, value(), 1);
        break;
      case '--time-limit':
        o.timeLimitMs = count(flag, value(), 1);
        break;
      case '--memory':
        o.memoryMb = count(flag, value(), 64);
        break;
      case '--list':
        o.list = true;
        break;
      case '--replay':
        o.replay = value();
        break;
      default:
        usage(`unknown option '${args[k]}'`);
    }
  }
  if (Number.isNaN(o.iterations)) o.iterations = o.seconds === Infinity ? 1_000_000 : Infinity;
  for (const t of o.targets) targetNamed(t);
  return o;
}

interface Outcome {
  readonly target: string;
  readonly stats?: RunStats;
  readonly failure?: string;
}

function saveCrash(target: string, seed: number, iteration: number, bytes: Uint8Array, report: string): string {
  mkdirSync(CRASHES, { recursive: true });
  const stem = `${target}-seed${seed}-${iteration}`;
  const file = new URL(`${stem}.hex`, CRASHES);
  writeFileSync(file, toHex(bytes) + '\n');
  writeFileSync(new URL(`${stem}.txt`, CRASHES), report + '\n');
  return `test/fuzz/crashes/${stem}.hex`;
}

function reportFailure(o: Options, target: string, iteration: number, bytes: Uint8Array, why: string, stack?: string) {
  const hex = toHex(bytes);
  const lines = [
    `FAIL ${target}: ${why}`,
    `  seed ${o.seed}, input ${iteration}, ${bytes.length} bytes`,
    `  input hex: ${hex.length > 4096 ? `${hex.slice(0, 4096)}... (see the file)` : hex}`,
  ];
  if (stack) lines.push(`  ${stack.split('\n').slice(0, 12).join('\n  ')}`);
  const file = saveCrash(target, o.seed, iteration, bytes, lines.join('\n'));
  lines.push(`  saved to ${file}; judge it again: npm run fuzz -- --replay ${file}`);
  console.error(lines.join('\n'));
  return why;
}

function fatal(target: string, why: string): string {
  console.error(`FAIL ${target}: ${why}`);
  return why;
}

function runTarget(o: Options, name: string): Promise<Outcome> {
  const shared = sharedBufferFor(name);
  const job: WorkerJob = {
    target: name,
    seed: o.seed,
    iterations: o.iterations,
    seconds: o.seconds,
    timeLimitMs: o.timeLimitMs,
    shared,
  };
  const hangMs = 5 * o.timeLimitMs;
  return new Promise((resolve) => {
    let settled = false;
    let lastProgress = Date.now();
    const worker: Worker = startWorker(new URL('./run.ts', import.meta.url).href, 'worker', {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: o.memoryMb },
    });
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      void worker.terminate();
      resolve(outcome);
    };
    const failCurrent = (why: string) => {
      const cur = currentInput(shared);
      finish({ target: name, failure: reportFailure(o, name, cur.iteration, cur.bytes, why) });
    };
    const watchdog = setInterval(() => {
      const cur = currentInput(shared);
      if (cur.started > 0 && Date.now() - cur.started > hangMs) {
        failCurrent(`hang: no verdict after ${((Date.now() - cur.started) / 1000).toFixed(0)} s`);
      }
    }, 250);
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'progress') {
        if (Date.now() - lastProgress >= 60_000) {
          lastProgress = Date.now();
          console.log(`  ${name}: ${m.inputs.toLocaleString('en')} inputs, ${(m.inputs / m.seconds).toFixed(0)}/s`);
        }
      } else if (m.kind === 'failure') {
        const bytes = fromHex('input', m.hex);
        finish({ target: name, stats: m.stats, failure: reportFailure(o, name, m.iteration, bytes, m.why, m.stack) });
      } else finish({ target: name, stats: m.stats });
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') failCurrent(`out of memory (heap limit ${o.memoryMb} MB)`);
      else if (currentInput(shared).started > 0) failCurrent(`the worker died: ${err.stack ?? String(err)}`);
      else
        finish({
          target: name,
          failure: fatal(name, `the worker failed outside any input: ${err.stack ?? String(err)}`),
        });
    });
    worker.on('exit', (code) => {
      if (settled) return;
      if (currentInput(shared).started > 0) failCurrent(`the worker exited (code ${code}) with the input undecided`);
      else finish({ target: name, failure: fatal(name, `the worker exited (code ${code}) before finishing`) });
    });
  });
}

async function replay(o: Options, file: string): Promise<number> {
  const name = o.targets[0] ?? basename(file).replace(/-seed\d+-\d+\.hex$/, '');
  const target = targetNamed(name);
  const raw = readFileSync(file);
  const text = raw.toString('latin1').trim();
  const bytes = /^([0-9a-f]{2})*$/i.test(text) ? fromHex('input', text) : new Uint8Array(raw);
  const v = await judge(target, bytes, o.timeLimitMs);
  console.log(`${name}: ${bytes.length} bytes: ${v.kind}${v.kind === 'failure' ? `: ${v.why}` : ''}`);
  if (v.kind === 'failure' && v.stack) console.log(v.stack);
  return v.kind === 'failure' ? 1 : 0;
}

function table(outcomes: Outcome[], seconds: number): void {
  const kib = (n: number) => (n / 1024).toFixed(0);
  const rows = [
    [
      'target',
      'inputs',
      'accepted',
      'rejected',
      'seconds',
      'inputs/s',
      'max ms',
      'max in KiB',
      'max alloc KiB',
      'result',
    ],
  ];
  for (const r of outcomes) {
    const s = r.stats;
    rows.push([
      r.target,
      s ? String(s.inputs) : '-',
      s ? String(s.accepted) : '-',
      s ? String(s.rejected) : '-',
      s ? s.seconds.toFixed(1) : '-',
      s && s.seconds > 0 ? (s.inputs / s.seconds).toFixed(0) : '-',
      s ? s.maxMs.toFixed(1) : '-',
      s ? (s.maxInputBytes / 1024).toFixed(1) : '-',
      s ? kib(s.maxAllocated) : '-',
      r.failure ? 'FAIL' : 'ok',
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  console.log();
  for (const row of rows)
    console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  console.log(
    `${outcomes.length} targets in ${seconds.toFixed(1)} s, ${outcomes.filter((r) => r.failure).length} failed`,
  );
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  if (o.list) {
    for (const t of TARGETS) console.log(`${t.name.padEnd(19)} ${t.about}`);
    return 0;
  }
  if (o.replay !== undefined) return replay(o, o.replay);
  const names = o.targets.length > 0 ? o.targets : TARGETS.map((t) => t.name);
  const limit = o.iterations === Infinity ? `${o.seconds} s` : `${o.iterations.toLocaleString('en')} inputs`;
  console.log(
    `fuzz: ${names.length} targets, ${limit} each${o.seconds !== Infinity && o.iterations !== Infinity ? ` or ${o.seconds} s` : ''}, seed ${o.seed}, ${Math.min(o.jobs, names.length)} at a time`,
  );
  const start = performance.now();
  const outcomes: Outcome[] = new Array(names.length);
  let next = 0;
  const lane = async () => {
    while (next < names.length) {
      const k = next++;
      outcomes[k] = await runTarget(o, names[k]);
      const s = outcomes[k].stats;
      if (!outcomes[k].failure && s) {
        console.log(`  ${names[k]}: ${s.inputs} inputs in ${s.seconds.toFixed(1)} s, ok`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.jobs, names.length) }, lane));
  table(outcomes, (performance.now() - start) / 1000);
  return outcomes.some((r) => r.failure) ? 1 : 0;
}

process.exitCode = await main();
