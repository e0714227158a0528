// A reusable barrier for the training workers over a shared Int32Array. The last worker to arrive
// runs a decision (stop? which learning rate?) before releasing the others, so every worker reads
// the same decision.
const ARRIVED = 0;
const GENERATION = 1;
export const BARRIER_SLOTS = 2;

export class Barrier {
  constructor(
    /** BARRIER_SLOTS ints, zeroed, shared by all parties. */
    private readonly cells: Int32Array,
    private readonly parties: number,
  ) {}

  wait(decide?: () => void): void {
    const { cells } = this;
    const generation = Atomics.load(cells, GENERATION);
    if (Atomics.add(cells, ARRIVED, 1) === this.parties - 1) {
      decide?.();
      Atomics.store(cells, ARRIVED, 0);
      Atomics.add(cells, GENERATION, 1);
      Atomics.notify(cells, GENERATION);
      return;
    }
    while (Atomics.load(cells, GENERATION) === generation) Atomics.wait(cells, GENERATION, generation);
  }
}
