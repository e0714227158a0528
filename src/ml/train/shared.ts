// What the training workers share: the data (read-only), the epoch's sample order, gradient slots
// for the all-reduce, and a few control cells. All SharedArrayBuffer-backed, so no step copies data
// between threads.
import type { Split } from '../data/split.js';
import { BARRIER_SLOTS } from './barrier.js';

/** control[] cells after the barrier's. */
export const STOP = BARRIER_SLOTS;
export const ABORT = BARRIER_SLOTS + 1;
/** Workers that compute the next step (the others idle at the barrier), decided at each step's barrier. */
export const ACTIVE = BARRIER_SLOTS + 2;
const CONTROL_SLOTS = BARRIER_SLOTS + 3;

export interface SharedState {
  control: Int32Array;
  /** The learning rate of the step being applied, decided at the step's barrier. */
  learningRate: Float64Array;
  /** [2 (step parity)][workers][paramCount]: each worker's gradient for its shard. */
  gradSlots: Float32Array;
  /** [2][workers][loss, correct]. */
  stats: Float64Array;
  /** The epoch's permutation of the training samples. */
  order: Uint32Array;
  train: Split;
  validation: Split;
}

export function createSharedState(workers: number, paramCount: number, train: Split, validation: Split): SharedState {
  return {
    control: new Int32Array(new SharedArrayBuffer(4 * CONTROL_SLOTS)),
    learningRate: new Float64Array(new SharedArrayBuffer(8)),
    gradSlots: new Float32Array(new SharedArrayBuffer(4 * 2 * workers * paramCount)),
    stats: new Float64Array(new SharedArrayBuffer(8 * 2 * workers * 2)),
    order: new Uint32Array(new SharedArrayBuffer(4 * train.count)),
    train: shareSplit(train),
    validation: shareSplit(validation),
  };
}

function shareSplit(split: Split): Split {
  return { x: share(split.x), y: share(split.y), count: split.count };
}

function share<T extends Float32Array | Uint8Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

/** The threads a run of `workers` may compute with now: the limit's value, within 1..workers. */
export function activeWorkers(limit: Int32Array | undefined, workers: number): number {
  return limit ? Math.max(1, Math.min(workers, Atomics.load(limit, 0))) : workers;
}

/** Worker w's part [lo, hi) of n items split as evenly as possible. */
export function shard(n: number, w: number, workers: number): [number, number] {
  return [Math.floor((n * w) / workers), Math.floor((n * (w + 1)) / workers)];
}
