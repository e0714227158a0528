// Per-client rate limits for the API's costly routes (POST /api/tx: a signature check and a mempool admission per
// request): a token bucket (../token-bucket.ts) per client IP; a request finding its bucket empty is refused with
// the seconds until a token is back. Pure apart from the clock, which is injected (milliseconds, monotonic).
import { isIP } from 'node:net';
import { KeyedRateLimiter } from '../token-bucket.js';

/** Whom a bucket belongs to: an IPv4 address (IPv4-mapped IPv6 included) itself, an IPv6 address's /64, which is
 * what one subscriber gets (a client owning a /64 could otherwise take a fresh bucket per address). */
export function clientKey(ip: string): string {
  const address = ip.split('%')[0].toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1];
  if (isIP(address) !== 6) return address;
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (part: string | undefined) =>
    part ? part.split(':').flatMap((g) => (g.includes('.') ? ['', ''] : [g])) : [];
  const front = groups(head);
  const back = groups(tail);
  const full =
    tail === undefined ? front : [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  return `${full
    .slice(0, 4)
    .map((g) => Number.parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}

/** A token bucket per client (clientKey: an IP address, or an IPv6 /64), in a table of bounded size. */
export class ClientRateLimiter extends KeyedRateLimiter {
  /** A request from `ip`: 0 when it may go ahead, else the seconds until it may. */
  override take(ip: string): number {
    return super.take(clientKey(ip));
  }
}
