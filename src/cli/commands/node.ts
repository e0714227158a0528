// `coinai node start`: runs a networked node (chain, mempool, p2p, sync, HTTP API and optionally the miner) until
// SIGINT or SIGTERM, then stops it cleanly. A data directory that does not exist yet is created from --genesis.
// It prints where peers and clients reach it: its multiaddrs and its API URL (one JSON line with --json).
// With --keeper it also stores objects for the chain (src/node/keeper/): the key it signs with is --keeper-key or the
// data directory's first key, unlocked with its password (COINAI_PASSWORD, or asked at the terminal).
import type { Command } from 'commander';
import type { Level } from 'pino';
import { DEFAULT_API_HOST, DEFAULT_API_PORT, DEFAULT_TX_RATE_LIMIT } from '../../node/api/defaults.js';
import { nodeLogger } from '../../node/log/log.js';
import { DEFAULT_VERIFY_THREADS, startNode, type NodeMinerOptions } from '../../node/node.js';
import { DEFAULT_DATADIR } from '../datadir.js';
import { MAX_AMOUNT } from '../../chain/params.js';
import { DEFAULT_MODEL_CACHE, DEFAULT_PROOF_DELAY, type KeeperOptions } from '../../node/keeper/options.js';
import { DEFAULT_UPLOAD_LIMITS } from '../../node/models/uploads.js';
import { keystoreDir, listKeys } from '../../wallet/wallet-dir.js';
import { CliError } from '../output.js';
import { unlock } from '../tx-fields.js';
import {
  parseBigInteger,
  parseChoice,
  parseHex,
  parseHostList,
  parseInteger,
  parseListenHost,
  parseNumber,
  parsePort,
  parseSize,
} from '../options.js';
import { DEV_GENESIS } from './init.js';
import { minerAddress, miningOptions, type MiningOptions } from './mine.js';

export const DEFAULT_P2P_PORT = 9645;
export const DEFAULT_P2P_HOST = '127.0.0.1';
const LOG_LEVELS: readonly Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

interface StartOptions extends MiningOptions {
  datadir: string;
  genesis: string;
  host: string;
  p2pPort: number;
  apiHost: string;
  apiPort: number;
  apiAllowedHosts: string[];
  apiTxRate: number;
  apiTxBurst: number;
  explorer: boolean;
  bootstrap: string[];
  verifyThreads: number;
  assumeValid?: Uint8Array | null;
  mine?: boolean;
  modelCache: number;
  uploadLimit: number;
  uploadBlocks: number;
  keeper?: boolean;
  capacity?: number;
  bond?: bigint;
  proofDelay: number;
  keeperKey?: string;
  log?: string;
  logLevel: Level;
  json?: boolean;
}

export function register(program: Command): void {
  const node = program.command('node').description('run a networked node');
  const start = node
    .command('start')
    .description('start a node: sync with its peers, serve the HTTP API and, with --mine, mine (Ctrl-C stops it)')
    .option('--datadir <dir>', 'data directory', DEFAULT_DATADIR)
    .option('--genesis <file>', 'chain config for a new data directory (default: the dev chain)', DEV_GENESIS)
    .option('--host <address>', 'address the p2p socket listens on', parseListenHost('--host'), DEFAULT_P2P_HOST)
    .option('--p2p-port <port>', 'p2p TCP port (0: any free port)', parsePort('--p2p-port'), DEFAULT_P2P_PORT)
    .option(
      '--api-host <address>',
      'address the HTTP API listens on, whatever --host is (beyond loopback only behind a firewall or proxy)',
      parseListenHost('--api-host'),
      DEFAULT_API_HOST,
    )
    .option('--api-port <port>', 'HTTP API port (0: any free port)', parsePort('--api-port'), DEFAULT_API_PORT)
    .option(
      '--api-allowed-hosts <names>',
      'Host header names the API answers besides its own address and localhost: name or name:port, comma-separated; * for any',
      parseHostList('--api-allowed-hosts'),
      [],
    )
    .option(
      '--api-tx-rate <per-second>',
      'POST /api/tx requests per second per client IP (an IPv6 client: its /64)',
      parseNumber('--api-tx-rate', { min: 0.01, max: 1_000_000 }),
      DEFAULT_TX_RATE_LIMIT.perSecond,
    )
    .option(
      '--api-tx-burst <n>',
      'POST /api/tx requests a client IP may send at once',
      parseInteger('--api-tx-burst', { min: 1, max: 1_000_000 }),
      DEFAULT_TX_RATE_LIMIT.burst,
    )
    .option('--no-explorer', 'do not serve the explorer (the web page at the API address)')
    .option('--bootstrap <multiaddr...>', 'peers to connect to (/ip4/…/tcp/…/p2p/<peer id>)', [])
    .option(
      '--verify-threads <n>',
      'threads that evaluate incoming blocks off the event loop (0: on it, for comparison only)',
      parseInteger('--verify-threads', { min: 0, max: 64 }),
      DEFAULT_VERIFY_THREADS,
    )
    .option(
      '--assume-valid <hash>',
      "skip the model evaluation of this block and its ancestors while syncing (every other check runs); 0 or none: evaluate every block, whatever the chain config's default",
      parseAssumeValid,
    )
    .option(
      '--model-cache <size>',
      'model files kept beyond those assigned to this node as a keeper, e.g. 512MiB (0: none)',
      parseSize('--model-cache'),
      DEFAULT_MODEL_CACHE,
    )
    .option(
      '--upload-limit <size>',
      'bytes that uploads (POST /api/objects) no proposal names yet may hold together, e.g. 512MiB (default 1GiB)',
      parseSize('--upload-limit'),
      DEFAULT_UPLOAD_LIMITS.bytes,
    )
    .option(
      '--upload-blocks <n>',
      `blocks an upload is kept while no proposal names it (default ${DEFAULT_UPLOAD_LIMITS.blocks})`,
      parseInteger('--upload-blocks', { min: 1 }),
      DEFAULT_UPLOAD_LIMITS.blocks,
    )
    .option('--keeper', 'store objects for the chain: register as a keeper if needed, fetch, prove, get paid')
    .option('--capacity <size>', 'with --keeper: storage offered, e.g. 2GiB', parseSize('--capacity', { min: 1 }))
    .option(
      '--bond <amount>',
      "with --keeper: the bond a registration locks (default: the chain's minBond)",
      parseBigInteger('--bond', MAX_AMOUNT),
    )
    .option(
      '--proof-delay <blocks>',
      `with --keeper: blocks into a challenge window a proof is sent for (default ${DEFAULT_PROOF_DELAY})`,
      parseInteger('--proof-delay', { min: 1, max: 1000 }),
      DEFAULT_PROOF_DELAY,
    )
    .option('--keeper-key <file>', "with --keeper: the keeper's key file (default: the data directory's first key)")
    .option('--mine', 'mine blocks');
  miningOptions(start, 'with --mine: ', 'the cores less --verify-threads')
    .option('--log <file>', 'write the log (pino JSON lines) to this file instead of stderr')
    .option('--log-level <level>', LOG_LEVELS.join(', '), parseChoice('--log-level', LOG_LEVELS), 'info')
    .option('--json', 'print the addresses as one JSON line')
    .action(async (opts: StartOptions) => {
      const log = nodeLogger(opts.log, opts.logLevel);
      const miner: NodeMinerOptions | undefined = opts.mine
        ? {
            address: await minerAddress(opts),
            policy: opts.policy,
            ...(opts.rewardAddress && { rewardAddresses: opts.rewardAddress }),
            ...(opts.cores !== undefined && { cores: opts.cores }),
            ...(opts.timeBudget !== undefined && { timeBudgetSeconds: opts.timeBudget }),
            ...(opts.candidates !== undefined && { candidates: opts.candidates }),
            ...(opts.trainer !== undefined && { trainer: opts.trainer }),
          }
        : undefined;
      const keeper = opts.keeper ? await keeperOptions(opts) : undefined;
      const running = await startNode({
        datadir: opts.datadir,
        genesisFile: opts.genesis,
        host: opts.host,
        p2pPort: opts.p2pPort,
        apiHost: opts.apiHost,
        apiPort: opts.apiPort,
        apiAllowedHosts: opts.apiAllowedHosts,
        apiTxRateLimit: { perSecond: opts.apiTxRate, burst: opts.apiTxBurst },
        explorer: opts.explorer,
        bootstrap: opts.bootstrap,
        verifyThreads: opts.verifyThreads,
        ...(opts.assumeValid !== undefined && { assumeValid: opts.assumeValid }),
        miner,
        modelCacheBytes: opts.modelCache,
        uploadLimits: { bytes: opts.uploadLimit, blocks: opts.uploadBlocks },
        keeper,
        log,
      });
      const ready = {
        peerId: running.peerId,
        addresses: running.addresses,
        api: running.apiUrl,
        mining: miner !== undefined,
        keeper: keeper !== undefined,
      };
      // One line with --json: whoever started the node reads it as soon as it is written.
      const text = opts.json
        ? JSON.stringify(ready)
        : [...ready.addresses.map((a) => `peer ${a}`), `api  ${ready.api}`].join('\n');
      process.stdout.write(`${text}\n`);
      await stopped();
      await running.stop();
    });
}

async function keeperOptions(opts: StartOptions): Promise<KeeperOptions> {
  if (opts.capacity === undefined) throw new CliError('--keeper needs --capacity (the storage offered, e.g. 2GiB)');
  const file = opts.keeperKey ?? (await listKeys(keystoreDir(opts.datadir)))[0]?.file;
  if (!file) throw new CliError('--keeper needs --keeper-key or a key in the data directory (coinai key new)');
  return {
    key: await unlock(file),
    capacity: opts.capacity,
    ...(opts.bond !== undefined && { bond: opts.bond }),
    proofDelay: opts.proofDelay,
  };
}

const blockHashOption = parseHex('--assume-valid', 32);

/** A block hash, or null for 0 and none (not even the chain config's default). */
function parseAssumeValid(text: string): Uint8Array | null {
  return text === '0' || text === 'none' ? null : blockHashOption(text);
}

/** Resolves at the first SIGINT or SIGTERM; later ones are ignored while the node stops (Ctrl-C in a devnet's
 * terminal reaches the nodes and the devnet, which passes it on). */
function stopped(): Promise<void> {
  return new Promise((resolve) => {
    process.on('SIGINT', () => resolve());
    process.on('SIGTERM', () => resolve());
  });
}
