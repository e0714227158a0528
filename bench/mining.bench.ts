// `npm run bench -- mining [--minutes N] [--policies old,single,search]`: each miner policy mines the dev chain alone
// for the same wall time (N minutes each, default 15; the block in progress at the end is not counted), with default
// settings, and the
// mined models are scored on MNIST's t10k test set from ../shared/datasets/mnist (the bundled digits are the
// first 10,000 MNIST training images, so t10k is unseen). The dev genesis is re-stamped to the bench's start, so
// that the first block also races the falling threshold rather than finding it at the floor. `old` is the miner
// issue 14 started from, the reference of its target: the single policy's one nonce trained for the whole budget
// whatever its progress (its trainer never told the threshold), then the wait for the threshold to fall to it.
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGenesisFile, initDataDir } from '../src/node/db/datadir.js';
import { loadDataset } from '../src/io/data/load.js';
import { decodeModel } from '../src/ml/model/codec.js';
import { evaluateSplit } from '../src/ml/eval/evaluate.js';
import { correctCount } from '../src/ml/eval/score.js';
import { fromHex } from '../src/codec/hex.js';
import { openChain } from '../src/node/chain/open-chain.js';
import type { MinedBlock, MinerEvent } from '../src/node/miner/events.js';
import { Miner } from '../src/node/miner/miner.js';
import { DEFAULT_MINER_OPTIONS, MINER_POLICIES, type MinerPolicy } from '../src/node/miner/options.js';
import { builtInTrainer, type CandidateTrainer } from '../src/node/miner/candidate-trainer.js';
import { DEV_GENESIS } from '../src/cli/commands/init.js';
import type { Split } from '../src/ml/data/split.js';
import { table, type BenchSection } from './report.js';

const MNIST = new URL('../../shared/datasets/mnist/', import.meta.url);

function minutesArg(): number {
  const i = process.argv.indexOf('--minutes');
  if (i < 0) return 15;
  const m = Number(process.argv[i + 1]);
  if (!(m > 0)) throw new Error(`--minutes must be a positive number, not '${process.argv[i + 1]}'`);
  return m;
}

type BenchPolicy = MinerPolicy | 'old';
const BENCH_POLICIES: readonly BenchPolicy[] = ['old', ...MINER_POLICIES];

function policiesArg(): BenchPolicy[] {
  const i = process.argv.indexOf('--policies');
  if (i < 0) return [...BENCH_POLICIES];
  const named = (process.argv[i + 1] ?? '').split(',');
  const unknown = named.filter((p) => !BENCH_POLICIES.includes(p as BenchPolicy));
  if (named.length === 0 || unknown.length > 0)
    throw new Error(`--policies takes a list of ${BENCH_POLICIES.join(', ')}, not '${process.argv[i + 1]}'`);
  return named as BenchPolicy[];
}

/** The old miner's trainer: the built-in one, never stopping early at the threshold. */
function wholeBudget(trainer: CandidateTrainer): CandidateTrainer {
  return { train: (job) => trainer.train({ ...job, targetScore: () => Infinity }) };
}

interface Run {
  readonly policy: BenchPolicy;
  readonly blocks: readonly MinedBlock[];
  /** t10k accuracy of each mined model. */
  readonly testAccuracy: readonly number[];
  /** Candidates (single) or rounds of candidates (search) abandoned, by reason. */
  readonly abandoned: Readonly<Record<string, number>>;
}

export async function bench(): Promise<BenchSection> {
  const minutes = minutesArg();
  const test = loadDataset(decodeURIComponent(MNIST.pathname)).test;
  if (!test) throw new Error('../shared/datasets/mnist has no t10k split');
  const runs: Run[] = [];
  const load: number[] = [];
  for (const policy of policiesArg()) {
    runs.push(await mine(policy, minutes, test));
    load.push(os.loadavg()[1]);
  }
  const median = (xs: readonly number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(2)}%`);
  const rows = runs.map((r) => [
    r.policy,
    r.blocks.length,
    Number.isNaN(median(r.blocks.map((b) => b.elapsedSeconds)))
      ? '–'
      : median(r.blocks.map((b) => b.elapsedSeconds)).toFixed(1),
    pct(median(r.testAccuracy)),
    pct(r.testAccuracy.length > 0 ? Math.max(...r.testAccuracy) : NaN),
    median(r.blocks.map((b) => b.candidates)) || '–',
    Object.entries(r.abandoned)
      .map(([reason, n]) => `${n} ${reason}`)
      .join(', ') || '–',
  ]);
  return {
    title: 'Mining policies (dev chain)',
    body: [
      table(
        [
          'policy',
          'blocks mined',
          'median s per block',
          'median t10k accuracy',
          'best t10k accuracy',
          'median candidates',
          'abandoned',
        ],
        rows,
      ),
      '',
      `Each policy mined the dev chain alone for ${minutes} min with default settings (time budget ` +
        `${DEFAULT_MINER_OPTIONS.timeBudgetSeconds} s, ${DEFAULT_MINER_OPTIONS.workers} workers); the genesis is re-stamped ` +
        'to the start, so every block races the falling threshold (99% falling to 93% over 120 s). Seconds per block ' +
        "run from mining on the parent to the node's acceptance; accuracy is the mined models' on MNIST t10k. Target " +
        "(issue 14): the search policy at most half the old miner's median time per block (old: the single policy's " +
        'nonce trained for the whole budget, as before issue 14), median t10k accuracy ≥ 97%. ' +
        `Load average (5 min) at the end of each run: ${load.map((l) => l.toFixed(1)).join(', ')} on ${os.cpus().length} cores.` +
        (minutes < 15 ? ` Preliminary: ${minutes} min per policy, not the issue's 15.` : ''),
    ].join('\n'),
  };
}

async function mine(policy: BenchPolicy, minutes: number, test: Split): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), `coinai-bench-mining-${policy}-`));
  try {
    const dev = await readGenesisFile(DEV_GENESIS);
    const config = { ...dev, timestamp: Math.floor(Date.now() / 1000) };
    await (await initDataDir(dir, config)).store.close();
    const { chain, dataset } = await openChain(dir);
    const blocks: MinedBlock[] = [];
    const testAccuracy: number[] = [];
    const abandoned: Record<string, number> = {};
    const stop = AbortSignal.timeout(minutes * 60_000);
    const log = (e: MinerEvent) => {
      if (e.kind === 'abandoned') abandoned[e.reason] = (abandoned[e.reason] ?? 0) + 1;
      if (e.kind === 'mined' || e.kind === 'abandoned')
        process.stdout.write(`  ${policy}: ${JSON.stringify(e, bigints)}\n`);
    };
    const opts = { ...DEFAULT_MINER_OPTIONS, miner: new Uint8Array(20), log };
    const miner = new Miner(
      chain,
      dataset,
      policy === 'old'
        ? { ...opts, policy: 'single', trainer: wholeBudget(builtInTrainer(dataset, opts.workers)) }
        : { ...opts, policy },
    );
    try {
      for (;;) {
        const mined = await miner.mineBlock(stop).catch((err: unknown) => {
          if (stop.aborted) return undefined;
          throw err;
        });
        if (!mined) break;
        const block = await chain.store.blockByHash(fromHex('hash', mined.hash, 32));
        const file = block && (await chain.models.get(block.header.modelRoot));
        if (!file) throw new Error(`block ${mined.hash}: model file missing`);
        blocks.push(mined);
        testAccuracy.push(correctCount(evaluateSplit(decodeModel(file), test)) / test.count);
        process.stdout.write(`  ${policy}: block ${mined.height}, t10k ${testAccuracy.at(-1)}\n`);
      }
    } finally {
      await chain.store.close();
    }
    return { policy, blocks, testAccuracy, abandoned };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function bigints(_: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}
