// A private network of Linux network namespaces for fault tests: one namespace per host, each with one veth into a
// bridge in a switch namespace of its own, and one veth from the test's own (root) namespace into that bridge so the
// test reaches every host's API. Only the namespaces, links and the /24 made here are touched; nothing is routed
// (no host has a default route) and remove() deletes all of it. A partition is blackhole routes inside the hosts'
// namespaces: the links stay up, packets between the two groups are dropped, as on a cut cable.
import { execFileSync } from 'node:child_process';

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** Why namespaces cannot be made here (not root, no `ip`, no netns support), or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  try {
    ip('netns', 'list');
    return undefined;
  } catch (err) {
    return `ip netns is unavailable: ${(err as Error).message}`;
  }
}

export interface NetnsHost {
  readonly namespace: string;
  readonly address: string;
  /** Runs a command inside the host's namespace. */
  readonly exec: readonly string[];
}

export class NetnsLab {
  private readonly made: string[] = [];
  private readonly rootLink: string;
  readonly hosts: NetnsHost[] = [];
  private readonly partitioned: [string, string][] = [];

  private constructor(
    private readonly tag: string,
    private readonly subnet: string,
  ) {
    this.rootLink = `${tag}h`;
  }

  /** `count` hosts at <subnet>.1 … <subnet>.count; the test's side of the bridge is <subnet>.254. */
  static create(count: number): NetnsLab {
    const tag = `cai${process.pid % 100_000}`;
    const lab = new NetnsLab(tag, freeSubnet());
    try {
      lab.build(count);
    } catch (err) {
      lab.remove();
      throw err;
    }
    return lab;
  }

  private build(count: number): void {
    const sw = this.namespace('sw');
    ip('-n', sw, 'link', 'add', 'br0', 'type', 'bridge');
    ip('-n', sw, 'link', 'set', 'br0', 'up');
    for (let i = 1; i <= count; i++) {
      const ns = this.namespace(`n${i}`);
      const address = `${this.subnet}.${i}`;
      this.plug(sw, `${this.tag}a${i}`, `${this.tag}b${i}`, ns);
      ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', `${this.tag}a${i}`);
      ip('-n', ns, 'link', 'set', `${this.tag}a${i}`, 'up');
      this.hosts.push({ namespace: ns, address, exec: ['ip', 'netns', 'exec', ns] });
    }
    this.plug(sw, this.rootLink, `${this.tag}r`);
    ip('addr', 'add', `${this.subnet}.254/24`, 'dev', this.rootLink);
    ip('link', 'set', this.rootLink, 'up');
  }

  private namespace(name: string): string {
    const ns = `${this.tag}${name}`;
    ip('netns', 'add', ns);
    this.made.push(ns);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    return ns;
  }

  /** A veth pair: `end` into namespace `ns` (or left in the root namespace), `port` into the switch's bridge. */
  private plug(sw: string, end: string, port: string, ns?: string): void {
    ip('link', 'add', end, 'type', 'veth', 'peer', 'name', port);
    if (ns) ip('link', 'set', end, 'netns', ns);
    ip('link', 'set', port, 'netns', sw);
    ip('-n', sw, 'link', 'set', port, 'master', 'br0');
    ip('-n', sw, 'link', 'set', port, 'up');
  }

  /** Drops every packet between a host of `a` and a host of `b`. */
  partition(a: readonly NetnsHost[], b: readonly NetnsHost[]): void {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ]) {
      for (const host of from)
        for (const other of to) {
          ip('-n', host.namespace, 'route', 'add', 'blackhole', `${other.address}/32`);
          this.partitioned.push([host.namespace, other.address]);
        }
    }
  }

  heal(): void {
    for (const [ns, address] of this.partitioned.splice(0)) ip('-n', ns, 'route', 'del', 'blackhole', `${address}/32`);
  }

  /** Deletes the namespaces (and with them every link made); safe to call twice. */
  remove(): void {
    for (const ns of this.made.splice(0)) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // already gone
      }
    }
    try {
      ip('link', 'del', this.rootLink);
    } catch {
      // deleted with its peer in the switch namespace
    }
  }
}

/** A 10.213.x.0/24 that no interface of the root namespace is on. */
function freeSubnet(): string {
  const used = ip('-4', '-o', 'addr', 'show');
  for (let x = process.pid % 200; ; x = (x + 1) % 256) {
    const subnet = `10.213.${x}`;
    if (!used.includes(` ${subnet}.`)) return subnet;
  }
}
