// The bounded cache of model files a node keeps without being assigned them (docs/NETWORK.md, "Model files"): least
// recently used first out, bounded by the sum of the files' sizes. It only decides; the chain manager deletes what
// it evicts (unless something else needs the file).

export class ModelCache {
  private readonly entries = new Map<string, number>();
  private total = 0;

  /** `capacity`: the most bytes held; 0 holds nothing. */
  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError(`model cache of ${capacity} bytes`);
  }

  get bytes(): number {
    return this.total;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * Adds (or refreshes) `key`, a file of `size` bytes, as the most recently used; returns the keys evicted to stay
   * within the capacity, least recently used first: `key` itself when it alone is larger.
   */
  add(key: string, size: number): string[] {
    this.delete(key);
    this.entries.set(key, size);
    this.total += size;
    const evicted: string[] = [];
    for (const [k, s] of this.entries) {
      if (this.total <= this.capacity) break;
      this.entries.delete(k);
      this.total -= s;
      evicted.push(k);
    }
    return evicted;
  }

  delete(key: string): void {
    const size = this.entries.get(key);
    if (size === undefined) return;
    this.entries.delete(key);
    this.total -= size;
  }
}
