// How many threads training may compute with, changeable while a run trains: one shared cell that every run given
// it reads at each step's barrier (worker.ts), so a node can take cores from its miner for a block's verification
// and give them back between two steps, without stopping or restarting the run. Its workers stay; those beyond
// the limit idle at the barrier while the others compute their shards.
export class ThreadLimit {
  /** SharedArrayBuffer-backed, passed to the workers. */
  readonly cell = new Int32Array(new SharedArrayBuffer(4));

  constructor(threads: number) {
    this.set(threads);
  }

  /** At least 1: a run never stops for lack of threads. */
  set(threads: number): void {
    Atomics.store(this.cell, 0, Math.max(1, threads));
  }

  get threads(): number {
    return Atomics.load(this.cell, 0);
  }
}
