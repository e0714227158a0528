// A token bucket, shared by the API's per-client limits and the p2p per-peer request limits: it holds up to `burst`
// tokens, refills at `perSecond`, and a request takes one. Pure apart from the clock, which the caller passes in
// (milliseconds, monotonic). KeyedRateLimiter keeps one per client in a table of bounded size.
export interface RateLimit {
  /** Tokens added per second: the sustained request rate. */
  readonly perSecond: number;
  /** Bucket size: how many requests may come at once after a quiet spell. */
  readonly burst: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    nowMs: number,
  ) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1))
      throw new RangeError('a rate limit needs perSecond > 0, burst >= 1');
    this.tokens = limit.burst;
    this.last = nowMs;
  }

  private refill(nowMs: number): void {
    // A clock that goes backwards adds nothing (and takes nothing away).
    const elapsed = Math.max(0, nowMs - this.last) / 1000;
    this.tokens = Math.min(this.limit.burst, this.tokens + elapsed * this.limit.perSecond);
    this.last = Math.max(this.last, nowMs);
  }

  /** Takes a token at `nowMs`: 0 when one was there, else the seconds until one will be (nothing is taken). */
  take(nowMs: number): number {
    this.refill(nowMs);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return (1 - this.tokens) / this.limit.perSecond;
  }
}

export interface RateLimiterOptions {
  /** Milliseconds, monotonic (default performance.now). */
  readonly clock?: () => number;
  /** Buckets kept at most; the least recently used client's is dropped for a new one (default 10,000). */
  readonly maxClients?: number;
}

/** A token bucket per key (a client, a peer), in a table of bounded size. */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly clock: () => number;
  private readonly maxClients: number;

  constructor(
    readonly limit: RateLimit,
    o: RateLimiterOptions = {},
  ) {
    new TokenBucket(limit, 0); // checks the limit now rather than at the first request
    this.clock = o.clock ?? (() => performance.now());
    this.maxClients = o.maxClients ?? 10_000;
  }

  /** A request from `key`: 0 when it may go ahead, else the seconds until it may. */
  take(key: string): number {
    const now = this.clock();
    let bucket = this.buckets.get(key);
    if (bucket) this.buckets.delete(key);
    else {
      if (this.buckets.size >= this.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
      bucket = new TokenBucket(this.limit, now);
    }
    // Re-inserted: the Map's order is least recently used first.
    this.buckets.set(key, bucket);
    return bucket.take(now);
  }

  /** Clients with a bucket (for tests). */
  get clients(): number {
    return this.buckets.size;
  }
}
