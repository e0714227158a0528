// `coinai devnet` (what `npm start` runs, with 3 keepers): a local network of node processes on a fresh dev chain,
// mining the bundled MNIST problem, and keeper processes storing its models. It prints where each node's API listens, sends a few transfers, then prints each new head
// with every node's height until Ctrl-C, which stops every node cleanly.
import type { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_API_PORT } from '../../node/api/defaults.js';
import type { StatusJson } from '../../node/api/routes/status.js';
import { DEFAULT_KEEPER_CAPACITY, Devnet } from '../../devnet/devnet.js';
import { DEVNET_PASSWORD, readTemplate, type GovernanceOverrides } from '../../devnet/devnet-chain.js';
import { parseInteger, parseKeyValues, parsePort, parseSize } from '../options.js';
import { CliError } from '../output.js';
import { DEV_GENESIS } from './init.js';
import { CORES } from './mine.js';

const TRANSFERS = 3;
const KEEPERS = parseInteger('--keepers', { max: 64 });
const WATCH_MS = 2000;

interface DevnetCliOptions {
  nodes: number;
  miners: number;
  keepers: number;
  keeperCapacity: number;
  dir: string;
  genesis: string;
  governance: GovernanceOverrides;
  apiPort: number;
  cores?: number;
}

export function register(program: Command): void {
  program
    .command('devnet')
    .description('run a local network of node processes on a fresh dev chain, some of them mining (Ctrl-C stops it)')
    .option('--nodes <n>', 'node processes', parseInteger('--nodes', { min: 1 }), 3)
    .option('--miners <n>', 'how many of them mine', parseInteger('--miners'), 2)
    .option('--keepers <n>', 'keeper processes besides the nodes, each bonding a funded dev account', KEEPERS, 0)
    .option(
      '--keeper-capacity <size>',
      'storage each keeper offers: bytes, or e.g. 512MiB, 2GiB',
      parseSize('--keeper-capacity', { min: 1 }),
      DEFAULT_KEEPER_CAPACITY,
    )
    .option(
      '--dir <dir>',
      'devnet folder: genesis, dev keys, data directories and logs (emptied first)',
      '.coinai-devnet',
    )
    .option(
      '--genesis <file>',
      'chain config the devnet genesis is made from (default: the dev chain, MNIST)',
      DEV_GENESIS,
    )
    .option(
      '--governance <k=v,...>',
      "governance parameters instead of the config's, e.g. decisionInterval=4,confirmBlocks=1,activationDelay=2," +
        'lockUp=0 (keys and rules: docs/PROTOCOL.md 7.2)',
      parseKeyValues('--governance'),
      {},
    )
    .option(
      '--api-port <port>',
      'API port of the first node; the others take the next ones',
      parsePort('--api-port'),
      DEFAULT_API_PORT,
    )
    .option('--cores <n>', 'training threads per miner (default: the cores shared among the miners)', CORES)
    .action(async (opts: DevnetCliOptions) => {
      const { nodes, miners } = opts;
      if (miners > nodes) throw new CliError(`--miners must be an integer in 0..${nodes} (--nodes), not '${miners}'`);
      // Checked before the old devnet folder is emptied: a bad value loses nothing.
      await readTemplate(opts.genesis, opts.governance);
      await freshDir(opts.dir);
      const workers = opts.cores ?? Math.max(1, Math.floor(availableParallelism() / Math.max(1, miners)));
      const cli = [process.execPath, ...process.execArgv, process.argv[1]];
      const devnet = await Devnet.start({
        dir: opts.dir,
        template: opts.genesis,
        governance: opts.governance,
        nodes,
        miners,
        keepers: opts.keepers,
        keeperCapacity: opts.keeperCapacity,
        apiPort: opts.apiPort,
        workers,
        cli,
      });
      const out = (line: string) => void process.stdout.write(`${line}\n`);
      out(`explorer: open ${devnet.nodes[0].process.addresses.api}/ in a browser`);
      out(
        `devnet in ${opts.dir}: chain ${devnet.chain.config.params.chainId}, dev keys in ${join(opts.dir, 'keys')} (password '${DEVNET_PASSWORD}')`,
      );
      for (const n of devnet.nodes) {
        out(
          `${n.name}  ${n.process.addresses.api}  ${n.mining ? 'mining ' : n.keeper ? 'keeper  ' : 'follower'}  log ${relative('.', n.process.logFile)}`,
        );
      }
      for (const hash of await devnet.sendTransfers(TRANSFERS))
        out(`sent transfer ${hash} through ${devnet.nodes.at(-1)!.name}`);
      const first = devnet.nodes[0].process.addresses.api;
      if (devnet.keepers.length > 0) out(`keepers: coinai keeper status --api ${first}, or ${first}/#/keepers`);
      out(`try: coinai status --api ${first}    (Ctrl-C stops the devnet)`);

      const stop = new AbortController();
      process.on('SIGINT', () => stop.abort());
      process.on('SIGTERM', () => stop.abort());
      await watch(devnet, out, stop.signal);
      out('stopping the nodes…');
      const codes = await devnet.stop();
      out(codes.every((c) => c === 0) ? 'stopped' : `stopped (exit codes ${codes.join(', ')})`);
    });
}

/** Prints every new head of the first node with each node's height, until `signal` aborts. */
async function watch(devnet: Devnet, out: (line: string) => void, signal: AbortSignal): Promise<void> {
  let last = '';
  while (!signal.aborted) {
    const statuses = await Promise.all(
      devnet.nodes.map((n) =>
        fetch(`${n.process.addresses.api}/api/status`)
          .then((r) => r.json() as Promise<StatusJson>)
          .catch(() => undefined),
      ),
    );
    const head = statuses[0];
    if (head && head.hash !== last) {
      last = head.hash;
      out(
        `head ${head.height} ${head.hash.slice(0, 16)}  heights ${statuses.map((s) => s?.height ?? '-').join(' ')}  peers ${statuses.map((s) => s?.peers ?? '-').join(' ')}`,
      );
    }
    await sleep(WATCH_MS, undefined, { signal }).catch(() => undefined);
  }
}

/** Empties a previous devnet folder; refuses a non-empty folder that is not one. */
async function freshDir(dir: string): Promise<void> {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!existsSync(join(dir, 'genesis.json')) || !existsSync(join(dir, 'keys'))) {
      throw new CliError(`${dir} is not empty and not a devnet folder; give another --dir`);
    }
    await rm(dir, { recursive: true, force: true });
  }
  await mkdir(dir, { recursive: true });
}
