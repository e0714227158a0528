// One target's fuzz run, in a worker thread so that the runner (run.ts) can stop a hang and survive an
// out-of-memory crash. Before each input the worker writes its number, start time and bytes into the shared
// buffer, so the runner knows which input hung or blew up.
import { parentPort, workerData } from 'node:worker_threads';
import { toHex } from '../../src/codec/hex.js';
import { DEFAULT_MAX_INPUT_BYTES, InputSource, judge } from './harness.js';
import { inputSeed, Rng } from './mutate.js';
import { targetNamed } from './targets/index.js';

export interface WorkerJob {
  readonly target: string;
  readonly seed: number;
  readonly iterations: number;
  /** Stop after this many seconds (Infinity: never). */
  readonly seconds: number;
  readonly timeLimitMs: number;
  readonly shared: SharedArrayBuffer;
}

export interface RunStats {
  readonly inputs: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly seconds: number;
  readonly seeds: number;
  readonly maxMs: number;
  readonly maxInputBytes: number;
  /** The largest estimated size of a decoded value, and of the allocations of one decode. */
  readonly maxRetained: number;
  readonly maxAllocated: number;
}

export type WorkerMessage =
  | { kind: 'progress'; inputs: number; seconds: number }
  | { kind: 'failure'; iteration: number; hex: string; why: string; stack?: string; stats: RunStats }
  | { kind: 'done'; stats: RunStats };

/** Layout of the shared buffer: [iteration, started (ms since the epoch, 0 between inputs), length] then bytes. */
export const SHARED_HEADER_BYTES = 24;

export function sharedBufferFor(targetName: string): SharedArrayBuffer {
  const t = targetNamed(targetName);
  return new SharedArrayBuffer(SHARED_HEADER_BYTES + (t.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES));
}

/** The input the worker was on, from the shared buffer. */
export function currentInput(shared: SharedArrayBuffer): { iteration: number; started: number; bytes: Uint8Array } {
  const head = new Float64Array(shared, 0, 3);
  return {
    iteration: head[0],
    started: head[1],
    bytes: new Uint8Array(shared, SHARED_HEADER_BYTES, head[2]).slice(),
  };
}

async function run(job: WorkerJob): Promise<void> {
  const port = parentPort!;
  const target = targetNamed(job.target);
  const source = new InputSource(target, target.seeds());
  const head = new Float64Array(job.shared, 0, 3);
  const body = new Uint8Array(job.shared, SHARED_HEADER_BYTES);
  const start = performance.now();
  let lastReport = start;
  let accepted = 0;
  let rejected = 0;
  let maxMs = 0;
  let maxInputBytes = 0;
  let maxRetained = 0;
  let maxAllocated = 0;
  let i = 0;
  const stats = (): RunStats => ({
    inputs: i,
    accepted,
    rejected,
    seconds: (performance.now() - start) / 1000,
    seeds: source.seedCount,
    maxMs,
    maxInputBytes,
    maxRetained,
    maxAllocated,
  });
  for (; i < job.iterations; i++) {
    if ((i & 63) === 0) {
      const now = performance.now();
      if ((now - start) / 1000 >= job.seconds) break;
      if (now - lastReport >= 1000) {
        lastReport = now;
        port.postMessage({ kind: 'progress', inputs: i, seconds: (now - start) / 1000 } satisfies WorkerMessage);
      }
    }
    const input = source.next(i, new Rng(inputSeed(job.seed, i)));
    body.set(input);
    head[0] = i;
    head[2] = input.length;
    head[1] = Date.now();
    const v = await judge(target, input, job.timeLimitMs);
    head[1] = 0;
    if (v.kind === 'failure') {
      port.postMessage({
        kind: 'failure',
        iteration: i,
        hex: toHex(input),
        why: v.why,
        stack: v.stack,
        stats: stats(),
      } satisfies WorkerMessage);
      return;
    }
    maxMs = Math.max(maxMs, v.ms);
    maxInputBytes = Math.max(maxInputBytes, input.length);
    maxAllocated = Math.max(maxAllocated, v.allocated);
    if (v.kind === 'accepted') {
      accepted++;
      maxRetained = Math.max(maxRetained, v.retained);
      if (i >= source.seedCount) source.accepted(input);
    } else rejected++;
  }
  port.postMessage({ kind: 'done', stats: stats() } satisfies WorkerMessage);
}

if (parentPort && workerData) await run(workerData as WorkerJob);
