// Spreads an evaluation over threads. The samples sit in shared memory, cut into chunks; the calling
// thread and n - 1 worker threads each claim the next chunk (an atomic counter) until none is left,
// so a thread that starts late simply takes fewer. Each thread runs the same pure forward pass and
// keeps integer counts, and integer counts add up the same in any order and any split (PROTOCOL
// 4.4), so the confusion matrix does not depend on the number of workers or on who took what.
import type { Split } from '../data/split.js';
import { decodeModel } from '../model/codec.js';
import type { Model } from '../model/model.js';
import { evaluateSplit } from '../eval/evaluate.js';
import { compileForward, predictInto } from '../eval/forward.js';
import { addConfusion, emptyConfusion, type Confusion } from '../eval/score.js';
import { startWorker } from './start-worker.js';

/** Samples per claim: small enough to balance, large enough that claiming costs nothing. */
export const CHUNK = 256;

/** What every thread shares: the model file, the samples and the counter of the next chunk. */
export interface EvalJob {
  model: Uint8Array;
  /** Over SharedArrayBuffers. */
  x: Float32Array;
  y: Uint8Array;
  next: Int32Array;
  chunk: number;
}

export async function evaluateParallel(modelFile: Uint8Array, split: Split, workers: number): Promise<Confusion> {
  const model = decodeModel(modelFile);
  const threads = Math.min(workers, Math.ceil(split.count / CHUNK));
  if (threads <= 1) return evaluateSplit(model, split);
  const size = split.x.length / split.count;
  const x = new Float32Array(new SharedArrayBuffer(split.count * size * 4));
  x.set(split.x.subarray(0, split.count * size));
  const y = new Uint8Array(new SharedArrayBuffer(split.count));
  y.set(split.y.subarray(0, split.count));
  const job: EvalJob = { model: modelFile, x, y, next: new Int32Array(new SharedArrayBuffer(4)), chunk: CHUNK };
  const others = Array.from({ length: threads - 1 }, () => runWorker(job));
  others.forEach((p) => p.catch(() => undefined)); // awaited below; no unhandled rejection meanwhile
  const total = evaluateChunks(model, job);
  for (const counts of await Promise.all(others)) addConfusion(total, { classes: total.classes, counts });
  return total;
}

/** Claims chunks of the job until none is left; the confusion matrix of those it evaluated. */
export function evaluateChunks(model: Model, job: EvalJob): Confusion {
  const forward = compileForward(model);
  const confusion = emptyConfusion(model.arch.classes);
  const K = confusion.classes;
  const count = job.y.length;
  const size = forward.inputSize;
  const predicted = new Uint32Array(job.chunk);
  for (;;) {
    const first = Atomics.add(job.next, 0, 1) * job.chunk;
    if (first >= count) return confusion;
    const n = Math.min(job.chunk, count - first);
    predictInto(forward, job.x.subarray(first * size, (first + n) * size), n, predicted);
    for (let i = 0; i < n; i++) confusion.counts[job.y[first + i] * K + predicted[i]]++;
  }
}

function runWorker(job: EvalJob): Promise<Float64Array> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(import.meta.url, 'worker', { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`evaluation worker exited with code ${code}`)));
  });
}
