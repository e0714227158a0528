// Spreads an evaluation over threads. The samples sit in shared memory, cut into chunks; the calling
// thread and n - 1 worker threads each claim the next chunk (an atomic counter) until none is left,
// so a thread that starts late simply takes fewer. Each thread runs the same pure forward pass and
// keeps integer counts, and integer counts add up the same in any order and any split (PROTOCOL
// 4.4), so the confusion matrix does not depend on the number of workers or on who took what.
//
// evaluateParallelInOrder visits the samples in a given order (chunk k holds order[k·chunk ..]) and
// may stop early: after each chunk a thread adds its correct and wrong predictions to shared tallies,
// and once either passes its bound every thread stops at its next claim. The counts returned are those
// of the samples actually evaluated (how many depends on timing), which is all a verdict needs
// (src/consensus/score-check.ts: a bound passed on evaluated samples holds whatever the rest give).
import type { Split } from '../data/split.js';
import { decodeModel } from '../model/codec.js';
import type { Model } from '../model/model.js';
import { evaluateSplit } from '../eval/evaluate.js';
import { compileForward, predictInto } from '../eval/forward.js';
import { evaluateInOrder, type Measured, type StopRule } from '../eval/ordered.js';
import { addConfusion, emptyConfusion, totalCount, type Confusion } from '../eval/score.js';
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
  /** The order to visit the samples in (shared); absent: file order. */
  order?: Uint32Array;
  /** With `tally` (shared: correct, wrong, stopped): stop once correct > maxCorrect or wrong > maxWrong. */
  stop?: StopRule;
  tally?: Int32Array;
}

export async function evaluateParallel(modelFile: Uint8Array, split: Split, workers: number): Promise<Confusion> {
  const model = decodeModel(modelFile);
  const threads = threadsFor(split, workers);
  if (threads <= 1) return evaluateSplit(model, split);
  return (await run(model, modelFile, shareSplit(split), threads)).confusion;
}

/** evaluateInOrder over threads: the samples in `order`, stopping (at a chunk's end) once `stop` is passed. */
export async function evaluateParallelInOrder(
  modelFile: Uint8Array,
  split: Split,
  workers: number,
  order: Uint32Array,
  stop?: StopRule,
): Promise<Measured> {
  if (order.length !== split.count)
    throw new RangeError(`an order of ${order.length} samples for a split of ${split.count}`);
  const model = decodeModel(modelFile);
  const threads = threadsFor(split, workers);
  if (threads <= 1) return evaluateInOrder(model, split, order, stop);
  const shared = new Uint32Array(new SharedArrayBuffer(order.length * 4));
  shared.set(order);
  const job = { ...shareSplit(split), order: shared };
  if (stop) Object.assign(job, { stop, tally: new Int32Array(new SharedArrayBuffer(12)) });
  return run(model, modelFile, job, threads);
}

function threadsFor(split: Split, workers: number): number {
  return Math.min(workers, Math.ceil(split.count / CHUNK));
}

function shareSplit(split: Split): Omit<EvalJob, 'model'> {
  const size = split.x.length / split.count;
  const x = new Float32Array(new SharedArrayBuffer(split.count * size * 4));
  x.set(split.x.subarray(0, split.count * size));
  const y = new Uint8Array(new SharedArrayBuffer(split.count));
  y.set(split.y.subarray(0, split.count));
  return { x, y, next: new Int32Array(new SharedArrayBuffer(4)), chunk: CHUNK };
}

/** The calling thread and threads - 1 workers on the job; the counts of every sample evaluated. */
async function run(model: Model, modelFile: Uint8Array, shared: Omit<EvalJob, 'model'>, threads: number) {
  const job: EvalJob = { ...shared, model: modelFile };
  const others = Array.from({ length: threads - 1 }, () => runWorker(job));
  others.forEach((p) => p.catch(() => undefined)); // awaited below; no unhandled rejection meanwhile
  const total = evaluateChunks(model, job);
  for (const counts of await Promise.all(others)) addConfusion(total, { classes: total.classes, counts });
  return { confusion: total, evaluated: totalCount(total) };
}

/** Claims chunks of the job until none is left (or the job stopped); the confusion matrix of those it evaluated. */
export function evaluateChunks(model: Model, job: EvalJob): Confusion {
  const forward = compileForward(model);
  const confusion = emptyConfusion(model.arch.classes);
  const K = confusion.classes;
  const count = job.y.length;
  const size = forward.inputSize;
  const predicted = new Uint32Array(job.chunk);
  const gathered = job.order ? new Float32Array(job.chunk * size) : undefined;
  const { tally, stop } = job;
  for (;;) {
    if (tally && Atomics.load(tally, 2) !== 0) return confusion;
    const first = Atomics.add(job.next, 0, 1) * job.chunk;
    if (first >= count) return confusion;
    const n = Math.min(job.chunk, count - first);
    const sample = (i: number) => (job.order ? job.order[first + i] : first + i);
    if (gathered) {
      for (let i = 0; i < n; i++) gathered.set(job.x.subarray(sample(i) * size, (sample(i) + 1) * size), i * size);
    }
    predictInto(forward, gathered ?? job.x.subarray(first * size, (first + n) * size), n, predicted);
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const truth = job.y[sample(i)];
      confusion.counts[truth * K + predicted[i]]++;
      if (truth === predicted[i]) correct++;
    }
    if (tally && stop) {
      const right = Atomics.add(tally, 0, correct) + correct;
      const wrong = Atomics.add(tally, 1, n - correct) + n - correct;
      if (right > stop.maxCorrect || wrong > stop.maxWrong) Atomics.store(tally, 2, 1);
    }
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
