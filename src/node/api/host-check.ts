// Which Host headers the API answers: its defence against DNS rebinding. A page on evil.example that re-points its
// name at 127.0.0.1 can make the browser send requests to the node's API as "same origin" and read the answers; the
// browser still writes the page's name in the Host header, so a node that answers only the names it serves is safe.
//
// Allowed: the API's own listen address at its port, and localhost, 127.0.0.1 and [::1] at its port (a loopback name
// is never the attacker's); when the API listens on a wildcard address (0.0.0.0, ::), any IP literal at its port
// (an IP literal cannot be rebound: the browser connects to exactly that address); and the names an operator adds
// (`--api-allowed-hosts`): `name` at any port, `name:port` at that port only, or `*` for any Host at all.
// Names compare case-insensitively, without a trailing dot. A Host header that is missing or not of the form
// `name[:port]` / `[ipv6][:port]` is refused. A Host without a port means port 80.
import { isIP } from 'node:net';

export interface HostName {
  /** Lowercase, without a trailing dot; an IPv6 literal in brackets, as a Host header writes it. */
  readonly name: string;
  /** undefined: none given. */
  readonly port?: number;
}

const NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?))*$/;
const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::([0-9]{1,5}))?$/;

/** A DNS name, an IPv4 literal, or an IPv6 literal in brackets, normalised; undefined when it is none of them. */
function normaliseName(text: string): string | undefined {
  const lower = text.toLowerCase();
  if (lower.startsWith('[')) return isIP(lower.slice(1, -1)) === 6 ? lower : undefined;
  const name = lower.endsWith('.') ? lower.slice(0, -1) : lower;
  return name.length > 0 && name.length <= 253 && NAME.test(name) ? name : undefined;
}

/** `name[:port]` as a Host header or an allowed-hosts entry writes it; undefined when malformed. */
export function parseHostName(text: string): HostName | undefined {
  const m = HOST.exec(text.toLowerCase());
  if (!m) return undefined;
  const name = normaliseName(m[1]);
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (name === undefined || (port !== undefined && port > 65535)) return undefined;
  return port === undefined ? { name } : { name, port };
}

const isIpLiteral = (name: string) => isIP(name.startsWith('[') ? name.slice(1, -1) : name) !== 0;
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARDS = ['0.0.0.0', '[::]'];

export interface HostPolicyOptions {
  /** The address the API listens on, as given to listen (an IPv6 literal without brackets). */
  readonly listenHost: string;
  /** The port it listens on (after a 0 was resolved). */
  readonly port: number;
  /** Entries of `--api-allowed-hosts`: `name`, `name:port` or `*`. */
  readonly allowed?: readonly string[];
}

/** Decides whether a Host header names this API. Build it once; `allows` is called on every request. */
export class HostPolicy {
  private readonly own = new Set<string>();
  private readonly anyPort = new Set<string>();
  private readonly withPort = new Set<string>();
  private readonly anyHost: boolean;
  private readonly anyIp: boolean;
  private readonly port: number;

  constructor(o: HostPolicyOptions) {
    const listen = normaliseName(isIP(o.listenHost) === 6 ? `[${o.listenHost}]` : o.listenHost);
    this.anyIp = listen !== undefined && WILDCARDS.includes(listen);
    this.port = o.port;
    for (const name of [...LOOPBACK_NAMES, ...(listen === undefined ? [] : [listen])]) this.own.add(name);
    const allowed = o.allowed ?? [];
    this.anyHost = allowed.includes('*');
    for (const entry of allowed.filter((e) => e !== '*')) {
      const parsed = parseHostName(entry);
      if (!parsed) throw new RangeError(`not a host name: '${entry}'`);
      if (parsed.port === undefined) this.anyPort.add(parsed.name);
      else this.withPort.add(`${parsed.name}:${parsed.port}`);
    }
  }

  /** Whether a request with this Host header (undefined: none sent) is one this API answers. */
  allows(header: string | undefined): boolean {
    if (this.anyHost) return true;
    if (header === undefined) return false;
    const host = parseHostName(header);
    if (!host) return false;
    const port = host.port ?? 80;
    if (this.anyPort.has(host.name) || this.withPort.has(`${host.name}:${port}`)) return true;
    if (port !== this.port) return false;
    return this.own.has(host.name) || (this.anyIp && isIpLiteral(host.name));
  }
}
