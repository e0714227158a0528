// Whom an address belongs to, for per-address limits and bans (the network's connection gater, the API's rate
// limits), and which addresses are this machine's own.
import { isIP } from 'node:net';

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

/** 127.0.0.0/8 (Linux routes all of it to lo), ::1 and their IPv4-mapped forms. */
export function isLoopback(ip: string): boolean {
  const key = clientKey(ip);
  return key.startsWith('127.') || (isIP(key.split('/')[0]) === 6 && /^(0*:)*:?0*1$/.test(ip.toLowerCase()));
}
