// `coinai mine`: mines on a local data directory (created with the dev genesis when it does not exist yet),
// printing per block the architecture, training time, score, threshold at submission and verification time; on a
// terminal, a progress bar shows the search (candidates probed, kept, dropped, and the best against the threshold).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { MultiBar } from 'cli-progress';
import { ADDRESS_LENGTH, parseAddress, type Address } from '../../crypto/address.js';
import { ensureDataDir } from '../../node/db/datadir.js';
import { openChain } from '../../node/chain/open-chain.js';
import type { MinedBlock, MinerEvent } from '../../node/miner/events.js';
import { Miner } from '../../node/miner/miner.js';
import { externalTrainer } from '../../node/miner/external-trainer.js';
import { DEFAULT_MINER_OPTIONS, MINER_POLICIES, type MinerPolicy } from '../../node/miner/options.js';
import { keystoreDir, listKeys, readKeyInfo } from '../../wallet/wallet-dir.js';
import { DEFAULT_DATADIR } from '../datadir.js';
import { parseAddressOption, parseChoice, parseDuration, parseInteger } from '../options.js';
import { CliError, print } from '../output.js';
import { DEV_GENESIS } from './init.js';

/** The options of the commands that mine (mine, node start --mine). */
export interface MiningOptions {
  minerKey?: string;
  miner?: Address;
  rewardAddress?: Address[];
  timeBudget?: number;
  cores?: number;
  policy: MinerPolicy;
  candidates?: number;
  trainer?: string;
}

interface Options extends MiningOptions {
  datadir: string;
  genesis: string;
  blocks?: number;
  json?: boolean;
}

/** Training threads, for every command that trains for a miner (mine, node start, devnet). */
export const CORES = parseInteger('--cores', { min: 1, max: 1024 });

const REWARD_ADDRESS = parseAddressOption('--reward-address');

/**
 * Adds the miner's options to `command`, each description after `when` (node start's "with --mine: "), --cores
 * saying what it defaults to.
 */
export function miningOptions(command: Command, when: string, coresDefault: string): Command {
  return command
    .option('--miner-key <file>', `${when}pay rewards to the address of this key file (no password needed)`)
    .option('--miner <address>', `${when}pay rewards to this address`, parseAddressOption('--miner'))
    .option(
      '--reward-address <address>',
      `${when}on a nonce-free chain, another address of yours it may pay rewards to (repeatable): each gives more architectures to choose from when few transactions are pending`,
      (text: string, previous: Address[] = []) => [...previous, REWARD_ADDRESS(text)],
    )
    .option(
      '--time-budget <duration>',
      `${when}training time per candidate (--policy single) or per round of candidates (search): seconds, or e.g. 90s, 5m (default ${DEFAULT_MINER_OPTIONS.timeBudgetSeconds})`,
      parseDuration('--time-budget', { min: 1 }),
    )
    .option('--cores <n>', `${when}training threads (default: ${coresDefault})`, CORES)
    .option(
      '--policy <policy>',
      `${when}search: probe several architectures and train the most promising; single: train one nonce at a time`,
      parseChoice('--policy', MINER_POLICIES),
      DEFAULT_MINER_OPTIONS.policy,
    )
    .option(
      '--candidates <n>',
      `${when}with --policy search: architectures probed per round (default ${DEFAULT_MINER_OPTIONS.search.candidates})`,
      parseInteger('--candidates', { min: 1, max: 1024 }),
    )
    .option(
      '--trainer <command>',
      `${when}train with this command instead of the built-in trainer (docs/TRAINERS.md), e.g. 'python3 trainers/pytorch/train.py'`,
    );
}

export function register(program: Command): void {
  const mine = program
    .command('mine')
    .description('mine blocks on a local data directory (initialised with --genesis when missing)')
    .option('--datadir <dir>', 'data directory', DEFAULT_DATADIR)
    .option('--genesis <file>', 'chain config for a new data directory (default: the dev chain)', DEV_GENESIS)
    .option(
      '--blocks <n>',
      'stop after mining this many blocks (default: never)',
      parseInteger('--blocks', { min: 1 }),
    );
  miningOptions(mine, '', 'every core')
    .option('--json', 'print the mined blocks as JSON')
    .action(async (opts: Options) => {
      const blocks = opts.blocks ?? Infinity;
      await ensureDataDir(opts.datadir, opts.genesis);
      const miner = await minerAddress(opts);
      // Nothing else runs meanwhile: the block is verified in-process once trained.
      const workers = opts.cores ?? DEFAULT_MINER_OPTIONS.workers;
      const { chain, dataset } = await openChain(opts.datadir);
      const display = opts.json ? undefined : progress();
      const log = display?.event ?? (() => {});
      const timeBudgetSeconds = opts.timeBudget ?? DEFAULT_MINER_OPTIONS.timeBudgetSeconds;
      const search = {
        ...DEFAULT_MINER_OPTIONS.search,
        candidates: opts.candidates ?? DEFAULT_MINER_OPTIONS.search.candidates,
      };
      const workDir = join(opts.datadir, 'trainer');
      if (opts.trainer) await mkdir(workDir, { recursive: true });
      const trainer = opts.trainer
        ? externalTrainer({
            command: opts.trainer,
            workDir,
            data: dataset,
            cores: workers,
            onStderr: display?.line ?? ((line) => void process.stderr.write(`${line}\n`)),
          })
        : undefined;
      const m = new Miner(chain, dataset, {
        ...DEFAULT_MINER_OPTIONS,
        miner,
        rewardAddresses: opts.rewardAddress ?? [],
        workers,
        timeBudgetSeconds,
        policy: opts.policy,
        search,
        trainer,
        log,
      });
      const mined: MinedBlock[] = [];
      try {
        while (mined.length < blocks) mined.push(await m.mineBlock());
      } finally {
        display?.stop();
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

/** Prints the miner's events as lines and, on a terminal, keeps a progress bar of the block being mined below them. */
function progress(): { event: (e: MinerEvent) => void; line: (text: string) => void; stop: () => void } {
  const tty = process.stderr.isTTY === true;
  const bars = tty
    ? new MultiBar({
        format:
          'block {height} |{bar}| {seconds} s | probed {probed}, kept {kept}, dropped {dropped} | best {best} vs threshold {threshold}',
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
      })
    : undefined;
  let bar: ReturnType<MultiBar['create']> | undefined;
  const stats = { height: 0, probed: 0, kept: 0, dropped: 0, best: 0, threshold: 0, start: 0 };
  const line = (text: string): void => {
    if (bars) bars.log(`${text}\n`);
    else process.stderr.write(`${text}\n`);
  };
  const pct = (bp: number) => `${(bp / 100).toFixed(2)}%`;
  const redraw = () => {
    if (!bars) return;
    const seconds = (performance.now() - stats.start) / 1000;
    const values = { ...stats, best: pct(stats.best), threshold: pct(stats.threshold), seconds: seconds.toFixed(0) };
    // The bar fills as the threshold falls towards the best model so far: full when it can be submitted.
    const total = 10_000;
    const value =
      stats.best >= stats.threshold ? total : Math.round((total * stats.best) / Math.max(stats.threshold, 1));
    if (!bar) bar = bars.create(total, value, values);
    else bar.update(value, values);
  };
  const event = (e: MinerEvent): void => {
    if ('height' in e && e.height !== stats.height) {
      Object.assign(stats, { height: e.height, probed: 0, kept: 0, dropped: 0, best: 0, start: performance.now() });
    }
    switch (e.kind) {
      case 'skipped':
        line(
          `  skipped nonces over budget: ${Object.entries(e.reasons)
            .map(([r, n]) => `${n} (${r})`)
            .join(', ')}`,
        );
        break;
      case 'candidate':
        line(`block ${e.height}: nonce ${e.nonce} -> ${e.phenotype} (${e.params} parameters)`);
        break;
      case 'probed':
        stats.probed++;
        stats.best = Math.max(stats.best, Math.round(e.validationAccuracy * 10_000));
        line(
          `  rung ${e.rung}: nonce ${e.nonce} ${pct(e.validationAccuracy * 10_000)} after ${e.seconds.toFixed(1)} s (at best ${pct(e.predictedAccuracy * 10_000)} by the end)`,
        );
        break;
      case 'kept':
        stats.kept = e.nonces.length;
        line(`  rung ${e.rung}: kept ${e.nonces.join(', ')}`);
        break;
      case 'dropped':
        stats.dropped++;
        line(`  rung ${e.rung}: dropped ${e.nonce} (${e.reason})`);
        break;
      case 'planned':
        line(`  finalist ${e.nonce}: training ${e.seconds} s, until its learning curve meets the threshold`);
        break;
      case 'epoch':
        stats.threshold = e.thresholdBp;
        if (!bars)
          line(
            `  epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, validation ${pct(e.validationAccuracy * 10_000)} vs threshold ${pct(e.thresholdBp)}, ${e.seconds.toFixed(1)} s`,
          );
        break;
      case 'abandoned':
        line(`  abandoned (${e.reason})${e.score ? `: score ${e.score.correct}/${e.score.total}` : ''}`);
        break;
      case 'waiting':
        stats.threshold = e.thresholdBp;
        line(
          `  score ${e.score.correct}/${e.score.total}, threshold ${pct(e.thresholdBp)}: waiting for it to fall (timestamp ${e.until})`,
        );
        break;
      case 'mined': {
        bar?.stop();
        if (bar) bars?.remove(bar);
        bar = undefined;
        const b = e.block;
        process.stdout.write(
          `mined block ${b.height} ${b.hash}: ${b.phenotype} (${b.params} parameters); trained ${b.trainSeconds.toFixed(1)} s, ` +
            `score ${b.score.correct}/${b.score.total} (${pct((b.score.correct / b.score.total) * 10_000)}), threshold ${pct(b.thresholdBp)} at submission, ` +
            `verified in ${b.verifySeconds.toFixed(2)} s (${((100 * b.verifySeconds) / b.trainSeconds).toFixed(2)}% of training); ` +
            `${b.candidates} candidate(s), ${b.elapsedSeconds.toFixed(1)} s on this block\n`,
        );
        return;
      }
    }
    redraw();
  };
  return { event, line, stop: () => bars?.stop() };
}
