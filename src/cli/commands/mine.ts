// `coinai mine`: mines on a local data directory (created with the dev genesis when it does not exist yet),
// printing per block the architecture, training time, score, threshold at submission and verification time.
import type { Command } from 'commander';
import { ADDRESS_LENGTH, parseAddress, type Address } from '../../crypto/address.js';
import { ensureDataDir } from '../../node/db/datadir.js';
import { openChain } from '../../node/chain/open-chain.js';
import type { MinedBlock, MinerEvent } from '../../node/miner/events.js';
import { Miner } from '../../node/miner/miner.js';
import { DEFAULT_MINER_OPTIONS } from '../../node/miner/options.js';
import { keystoreDir, listKeys, readKeyInfo } from '../../wallet/wallet-dir.js';
import { DEFAULT_DATADIR } from '../datadir.js';
import { parseAddressOption, parseDuration, parseInteger } from '../options.js';
import { CliError, print } from '../output.js';
import { DEV_GENESIS } from './init.js';

interface Options {
  datadir: string;
  genesis: string;
  blocks?: number;
  minerKey?: string;
  miner?: Address;
  timeBudget?: number;
  workers?: number;
  json?: boolean;
}

/** --workers and --time-budget of the commands that mine (mine, node start). */
export const WORKERS = parseInteger('--workers', { min: 1 });
export const TIME_BUDGET = parseDuration('--time-budget', { min: 1 });

export function register(program: Command): void {
  program
    .command('mine')
    .description('mine blocks on a local data directory (initialised with --genesis when missing)')
    .option('--datadir <dir>', 'data directory', DEFAULT_DATADIR)
    .option('--genesis <file>', 'chain config for a new data directory (default: the dev chain)', DEV_GENESIS)
    .option('--blocks <n>', 'stop after mining this many blocks (default: never)', parseInteger('--blocks', { min: 1 }))
    .option('--miner-key <file>', 'pay rewards to the address of this key file (no password needed)')
    .option('--miner <address>', 'pay rewards to this address', parseAddressOption('--miner'))
    .option(
      '--time-budget <duration>',
      `training time per candidate architecture: seconds, or e.g. 90s, 5m (default ${DEFAULT_MINER_OPTIONS.timeBudgetSeconds})`,
      TIME_BUDGET,
    )
    .option('--workers <n>', 'training and evaluation threads (default: one per core)', WORKERS)
    .option('--json', 'print the mined blocks as JSON')
    .action(async (opts: Options) => {
      const blocks = opts.blocks ?? Infinity;
      await ensureDataDir(opts.datadir, opts.genesis);
      const miner = await minerAddress(opts);
      const workers = opts.workers ?? DEFAULT_MINER_OPTIONS.workers;
      const { chain, dataset } = await openChain(opts.datadir);
      const log = opts.json ? () => {} : logEvent;
      const timeBudgetSeconds = opts.timeBudget ?? DEFAULT_MINER_OPTIONS.timeBudgetSeconds;
      const m = new Miner(chain, dataset, { ...DEFAULT_MINER_OPTIONS, miner, workers, timeBudgetSeconds, log });
      const mined: MinedBlock[] = [];
      try {
        while (mined.length < blocks) mined.push(await m.mineBlock());
      } finally {
        await chain.store.close();
      }
      if (opts.json) print(true, mined, () => '');
    });
}

export async function minerAddress(opts: Pick<Options, 'datadir' | 'miner' | 'minerKey'>): Promise<Address> {
  if (opts.miner && opts.minerKey) throw new CliError('give --miner or --miner-key, not both');
  if (opts.miner) return opts.miner;
  const key = opts.minerKey ? await readKeyInfo(opts.minerKey) : (await listKeys(keystoreDir(opts.datadir)))[0];
  if (key) return parseAddress(key.address, 'key file address');
  process.stderr.write('no --miner, --miner-key or key in the data directory: rewards go to the zero address\n');
  return new Uint8Array(ADDRESS_LENGTH);
}

function logEvent(e: MinerEvent): void {
  const line = (text: string): void => void process.stderr.write(`${text}\n`);
  const pct = (bp: number) => `${(bp / 100).toFixed(2)}%`;
  switch (e.kind) {
    case 'skipped':
      return line(
        `  skipped nonces over budget: ${Object.entries(e.reasons)
          .map(([r, n]) => `${n} (${r})`)
          .join(', ')}`,
      );
    case 'candidate':
      return line(`block ${e.height}: nonce ${e.nonce} -> ${e.phenotype} (${e.params} parameters)`);
    case 'epoch':
      return line(
        `  epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, validation ${pct(e.validationAccuracy * 10_000)} vs threshold ${pct(e.thresholdBp)}, ${e.seconds.toFixed(1)} s`,
      );
    case 'abandoned':
      return line(`  abandoned (${e.reason})${e.score ? `: score ${e.score.correct}/${e.score.total}` : ''}`);
    case 'waiting':
      return line(
        `  score ${e.score.correct}/${e.score.total}, threshold ${pct(e.thresholdBp)}: waiting for it to fall (timestamp ${e.until})`,
      );
    case 'mined': {
      const b = e.block;
      process.stdout.write(
        `mined block ${b.height} ${b.hash}: ${b.phenotype} (${b.params} parameters); trained ${b.trainSeconds.toFixed(1)} s, ` +
          `score ${b.score.correct}/${b.score.total} (${pct((b.score.correct / b.score.total) * 10_000)}), threshold ${pct(b.thresholdBp)} at submission, ` +
          `verified in ${b.verifySeconds.toFixed(2)} s (${((100 * b.verifySeconds) / b.trainSeconds).toFixed(2)}% of training); ` +
          `${b.candidates} candidate(s), ${b.elapsedSeconds.toFixed(1)} s on this block\n`,
      );
    }
  }
}
