// The trainer's worker threads. From dist a worker runs worker.js; from source (tests, benches under
// tsx) it runs a bootstrap that registers tsx in the new thread, then imports worker.ts.
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerSetup } from './messages.js';

const WORKER_URL = import.meta.url.endsWith('.ts') ? sourceBootstrap() : new URL('./worker.js', import.meta.url);

function sourceBootstrap(): URL {
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new URL('./worker.ts', import.meta.url).href;
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(worker)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

type Reply<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;

export class WorkerPool {
  private readonly workers: Worker[];
  private failure: Error | undefined;
  private readonly waiting = new Set<(err: Error) => void>();

  constructor(
    setups: WorkerSetup[],
    /** Worker 0's report after every step. */
    private readonly onStep: (m: Reply<'step'>) => void,
  ) {
    this.workers = setups.map((setup) => {
      const w = new Worker(WORKER_URL, { workerData: setup });
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => code !== 0 && this.fail(new Error(`training worker exited with code ${code}`)));
      w.on('message', (m: FromWorker) => m.type === 'step' && this.onStep(m));
      return w;
    });
  }

  /** Waits for one reply of the given type from every worker (after posting `message`, if any). */
  request<T extends FromWorker['type']>(type: T, message?: ToWorker): Promise<Reply<T>[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const replies: Reply<T>[] = new Array(this.workers.length);
      let pending = this.workers.length;
      const listeners = this.workers.map((w, i) => {
        const listener = (m: FromWorker) => {
          if (m.type !== type) return;
          replies[i] = m as Reply<T>;
          w.off('message', listener);
          if (--pending === 0) {
            this.waiting.delete(onFailure);
            resolve(replies);
          }
        };
        w.on('message', listener);
        return listener;
      });
      const onFailure = (err: Error) => {
        this.workers.forEach((w, i) => w.off('message', listeners[i]));
        reject(err);
      };
      this.waiting.add(onFailure);
      if (message) for (const w of this.workers) w.postMessage(message);
    });
  }

  /** Worker 0 alone answers for a request whose answer every replica shares. */
  async first<T extends FromWorker['type']>(type: T, message: ToWorker): Promise<Reply<T>> {
    return (await this.request(type, message))[0];
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const reject of this.waiting) reject(err);
    this.waiting.clear();
  }
}
