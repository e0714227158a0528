// Proof-of-useful-work cost: the node's verification time of a mined block (state transition, model checks and
// the exact re-evaluation on the validation split) against the miner's training time for it. The dev chain's
// problem (bundled digits, default grammar, default miner settings) with a genesis stamped now, so that every
// block is mined against a threshold that starts high and falls, as on a live chain. Target: <= 1%.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_GENESIS } from '../src/cli/commands/init.js';
import { openChain } from '../src/node/chain/open-chain.js';
import { initDataDir, readGenesisFile } from '../src/node/db/datadir.js';
import type { MinedBlock } from '../src/node/miner/events.js';
import { Miner } from '../src/node/miner/miner.js';
import { DEFAULT_MINER_OPTIONS } from '../src/node/miner/options.js';
import { table, type BenchSection } from './report.js';

const BLOCKS = 3;
const TARGET = 0.01;

export async function bench(): Promise<BenchSection> {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-bench-'));
  try {
    const dev = await readGenesisFile(DEV_GENESIS);
    await (await initDataDir(dir, { ...dev, timestamp: Math.floor(Date.now() / 1000) })).store.close();
    const { chain, dataset } = await openChain(dir);
    const miner = new Miner(chain, dataset, { ...DEFAULT_MINER_OPTIONS, miner: new Uint8Array(20) });
    const mined: MinedBlock[] = [];
    try {
      for (let i = 0; i < BLOCKS; i++) mined.push(await miner.mineBlock());
    } finally {
      await chain.store.close();
    }
    return { title: 'Proof of useful work: verification against training', body: report(mined) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function report(mined: MinedBlock[]): string {
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  const rows = mined.map((b) => [
    b.height,
    `\`${b.phenotype}\``,
    b.params.toLocaleString('en-US'),
    `${b.score.correct}/${b.score.total}`,
    `${(b.thresholdBp / 100).toFixed(2)}%`,
    b.trainSeconds.toFixed(1),
    b.elapsedSeconds.toFixed(1),
    b.verifySeconds.toFixed(3),
    pct(b.verifySeconds / b.trainSeconds),
  ]);
  const verify = mined.reduce((s, b) => s + b.verifySeconds, 0);
  const trained = mined.reduce((s, b) => s + b.trainSeconds, 0);
  const ratio = verify / trained;
  return [
    table(
      ['height', 'architecture', 'params', 'score', 'threshold', 'train s', 'block s', 'verify s', 'verify / train'],
      rows,
    ),
    '',
    `${BLOCKS} blocks mined by \`coinai mine\`'s defaults on the dev chain (${availableParallelism()} training threads); ` +
      '"train s" is the winning candidate\'s training, "block s" the wall time on the block (abandoned candidates included), ' +
      `"verify s" the node's full check before accepting it. Total verification / training: ${pct(ratio)} ` +
      `(target <= ${pct(TARGET)}: ${ratio <= TARGET ? 'met' : 'not met'}).`,
  ].join('\n');
}
