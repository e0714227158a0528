// Node processes for the end-to-end tests: the CLI run from source (as test/helpers/cli.ts does), each node in its
// own data directory under one temporary folder, on loopback with free ports, its log in <name>.log beside it.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StatusJson } from '../../src/node/api/routes/status.js';
import { NodeProcess } from '../../src/devnet/node-process.js';

export const CLI = [
  process.execPath,
  '--import',
  'tsx',
  fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url)),
];

export class Cluster {
  private readonly running = new Set<NodeProcess>();

  constructor(
    private readonly dir: string,
    private readonly genesisFile: string,
  ) {}

  /**
   * `bootstrap`: peers to dial; `host`: the address both its p2p socket and its API listen on (default loopback);
   * `wrap`: a command the CLI runs under (e.g. `ip netns exec NAME`); `args`: more options of `node start`; `env`:
   * variables added to its environment.
   */
  async start(
    name: string,
    o: {
      mine?: boolean;
      bootstrap?: NodeProcess | NodeProcess[];
      host?: string;
      wrap?: string[];
      args?: readonly string[];
      env?: Record<string, string>;
    } = {},
  ): Promise<NodeProcess> {
    const args = [
      '--datadir',
      join(this.dir, name),
      '--genesis',
      this.genesisFile,
      '--p2p-port',
      '0',
      '--api-port',
      '0',
    ];
    if (o.mine) args.push('--mine', '--cores', '1');
    if (o.host) args.push('--host', o.host, '--api-host', o.host);
    if (o.args) args.push(...o.args);
    const bootstrap = [o.bootstrap ?? []].flat();
    if (bootstrap.length > 0) args.push('--bootstrap', ...bootstrap.flatMap((b) => b.addresses.addresses));
    const cli = [...(o.wrap ?? []), ...CLI];
    const env = o.env && { ...process.env, ...o.env };
    const node = await NodeProcess.start({ cli, args, logFile: join(this.dir, `${name}.log`), ...(env && { env }) });
    this.running.add(node);
    return node;
  }

  async kill(node: NodeProcess): Promise<void> {
    this.running.delete(node);
    await node.kill();
  }

  /** Stops every node with SIGTERM; resolves to their exit codes. */
  async stopAll(): Promise<(number | null)[]> {
    const nodes = [...this.running];
    this.running.clear();
    return Promise.all(nodes.map((n) => n.stop()));
  }
}

export async function status(node: NodeProcess): Promise<StatusJson> {
  const res = await fetch(`${node.addresses.api}/api/status`);
  return (await res.json()) as StatusJson;
}

/** Polls `condition` until it holds; fails after a generous `timeoutMs` naming what it waited for. */
export async function eventually<T>(
  what: string,
  condition: () => Promise<T | undefined | false>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The head all `nodes` agree on at one moment, once it is at least `minHeight`. */
export function commonHead(nodes: readonly NodeProcess[], minHeight: number): Promise<StatusJson | undefined> {
  return Promise.all(nodes.map(status)).then((all) =>
    all.every((s) => s.hash === all[0].hash && s.height >= minHeight) ? all[0] : undefined,
  );
}
