// Bans, by peer id or by address, each until its expiry. The table is bounded: when it is full a new ban pushes out
// the oldest one, which (bans lasting the same time) is the one closest to expiring, so an attacker cycling through
// addresses can make the node forget its oldest bans but never grow its memory.
export class BanList {
  /** Expiry by key, in the order the bans were made (a repeated ban moves to the end). */
  private readonly until = new Map<string, number>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  ban(key: string, ms: number): void {
    this.until.delete(key);
    if (this.until.size >= this.maxEntries) this.until.delete(this.until.keys().next().value!);
    this.until.set(key, this.now() + ms);
  }

  isBanned(key: string): boolean {
    const until = this.until.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.until.delete(key);
    return false;
  }

  /** Bans held, expired ones not yet noticed included (for tests). */
  get size(): number {
    return this.until.size;
  }
}
