// The ordered, early-stopping evaluation (../eval/ordered.ts) in worker threads, so that verifying a block never
// holds the node's event loop. The validation split is copied once into shared memory that every worker maps; a
// job carries only the model file, the order and the stop rule. Each worker runs the same pure evaluateInOrder,
// so the result (counts and samples evaluated) is the in-process one bit for bit. Workers start on the first job
// that finds none idle and are started again after a crash: a crash rejects its job with EvalWorkerCrashed, which
// is not a verdict on the block.
import type { Worker } from 'node:worker_threads';
import { CodedError } from '../../base/coded-error.js';
import type { Split } from '../data/split.js';
import type { Measured, StopRule } from '../eval/ordered.js';
import { startWorker } from './start-worker.js';

/** The evaluation thread died (or was stopped) before it answered: the job has no result, the block no verdict. */
export class EvalWorkerCrashed extends CodedError<'eval-worker-crashed'> {
  constructor(detail: string) {
    super('eval-worker-crashed', detail);
  }
}

/** What a worker is started with: the split over SharedArrayBuffers. */
export interface OrderedWorkerData {
  readonly x: Float32Array;
  readonly y: Uint8Array;
  readonly count: number;
}

export interface OrderedJob {
  readonly model: Uint8Array;
  readonly order: Uint32Array;
  readonly stop?: StopRule;
}

export interface OrderedAnswer {
  readonly classes: number;
  readonly counts: Float64Array;
  readonly evaluated: number;
}

interface Pending {
  readonly job: OrderedJob;
  readonly resolve: (m: Measured) => void;
  readonly reject: (err: unknown) => void;
}

export class OrderedEvalPool {
  private readonly shared: OrderedWorkerData;
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly waiting: Pending[] = [];
  private closed = false;

  constructor(
    split: Split,
    readonly threads: number,
  ) {
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`${threads} evaluation threads`);
    const size = split.x.length / split.count;
    const x = new Float32Array(new SharedArrayBuffer(split.count * size * 4));
    x.set(split.x.subarray(0, split.count * size));
    const y = new Uint8Array(new SharedArrayBuffer(split.count));
    y.set(split.y.subarray(0, split.count));
    this.shared = { x, y, count: split.count };
  }

  /** Worker threads alive now (idle or busy). */
  get running(): number {
    return this.idle.length + this.busy.size;
  }

  /** evaluateInOrder(decodeModel(model), split, order, stop) in a worker thread. */
  evaluate(model: Uint8Array, order: Uint32Array, stop?: StopRule): Promise<Measured> {
    if (this.closed) return Promise.reject(new EvalWorkerCrashed('the evaluation pool is closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ job: { model, order, ...(stop && { stop }) }, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminates every worker; jobs not answered yet are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.waiting.splice(0)) p.reject(new EvalWorkerCrashed('the evaluation pool is closed'));
    const all = [...this.idle.splice(0), ...this.busy.keys()];
    await Promise.all(all.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.waiting.length > 0 && !this.closed) {
      const worker = this.idle.pop() ?? (this.running < this.threads ? this.spawn() : undefined);
      if (!worker) return;
      const pending = this.waiting.shift()!;
      this.busy.set(worker, pending);
      worker.ref();
      worker.postMessage(pending.job);
    }
  }

  private spawn(): Worker {
    const worker = startWorker(import.meta.url, 'ordered-worker', { workerData: this.shared });
    worker.on('message', (a: OrderedAnswer) => {
      const pending = this.busy.get(worker);
      if (!pending) return;
      this.busy.delete(worker);
      this.idle.push(worker);
      worker.unref(); // an idle thread never keeps the process alive
      pending.resolve({ confusion: { classes: a.classes, counts: a.counts }, evaluated: a.evaluated });
      this.dispatch();
    });
    // 'error' (an uncaught exception) is followed by 'exit': the worker is replaced on the next dispatch.
    let why = '';
    worker.on('error', (err) => (why = `: ${err.message}`));
    worker.once('exit', (code) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      pending?.reject(new EvalWorkerCrashed(`the evaluation thread exited with code ${code}${why}`));
      this.dispatch();
    });
    return worker;
  }
}
