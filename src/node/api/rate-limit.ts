// Per-client rate limits for the API's costly routes (POST /api/tx: a signature check and a mempool admission per
// request): a token bucket (p2p/rate-limit.ts) per client address, IPv6 clients by their /64.
import { clientKey } from '../p2p/ip.js';
import { RateLimiter, type RateLimit } from '../p2p/rate-limit.js';

export { clientKey } from '../p2p/ip.js';
export { TokenBucket, type RateLimit } from '../p2p/rate-limit.js';

export interface ClientRateLimiterOptions {
  /** Milliseconds, monotonic (default performance.now). */
  readonly clock?: () => number;
  /** Buckets kept at most; the least recently used client's is dropped for a new one (default 10,000). */
  readonly maxClients?: number;
}

/** A token bucket per client (clientKey), in a table of bounded size. */
export class ClientRateLimiter {
  private readonly buckets: RateLimiter;

  constructor(
    readonly limit: RateLimit,
    o: ClientRateLimiterOptions = {},
  ) {
    this.buckets = new RateLimiter(limit, { clock: o.clock, maxKeys: o.maxClients });
  }

  /** A request from `ip`: 0 when it may go ahead, else the seconds until it may. */
  take(ip: string): number {
    return this.buckets.take(clientKey(ip));
  }

  /** Clients with a bucket (for tests). */
  get clients(): number {
    return this.buckets.size;
  }
}
