// Mining while serving: a node mining on every core (real training on the dev chain's digits) verifies a block a
// real peer gossips to it while its miner trains: the block is stored, the miner trains on through it, and it gave
// the verification its cores meanwhile (logged as it yields, on a machine with more than one core).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeBlock } from '../../../src/chain/block.js';
import { blockHash } from '../../../src/chain/header.js';
import { toHex } from '../../../src/codec/hex.js';
import { DEV_GENESIS } from '../../../src/cli/commands/init.js';
import { genesisConfigToJson, type GenesisConfig } from '../../../src/consensus/genesis-config.js';
import { genesisBlock, genesisState } from '../../../src/consensus/genesis.js';
import type { MinerStatus } from '../../../src/node/api/node-api.js';
import { loadRules } from '../../../src/node/chain/load-rules.js';
import { readGenesisFile } from '../../../src/node/db/datadir.js';
import { nodeLogger } from '../../../src/node/log/log.js';
import { startNode, type RunningNode } from '../../../src/node/node.js';
import { miner } from '../../helpers/chain/fixtures.js';
import { Flooder } from '../../helpers/flood.js';
import { forgeValidBlock } from '../../helpers/forge-block.js';

let dir: string;
let node: RunningNode | undefined;
let peer: Flooder | undefined;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-mine-serve-'));
});
after(async () => {
  await peer?.stop();
  await node?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function minerStatus(api: string): Promise<MinerStatus> {
  return (await fetch(`${api}/api/miner`)).json() as Promise<MinerStatus>;
}

/** Polls `probe` every 100 ms until it returns a value, failing after `seconds`. */
async function until<T>(what: string, seconds: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a gossiped block is verified while the miner trains, and the miner trains on', async () => {
  const dev = await readGenesisFile(DEV_GENESIS);
  // A floor of 0: block 1 (long after genesis) needs any score, so random weights make a valid block; block 2's
  // threshold starts at 99% and falls 0.01% in 10 s, so the miner trains for it the whole test.
  const config: GenesisConfig = {
    ...dev,
    problem: { ...dev.problem, threshold: { ...dev.problem.threshold, floorBp: 0, decayBp: 1, decaySeconds: 10 } },
  };
  const genesisFile = join(dir, 'genesis.json');
  await writeFile(genesisFile, JSON.stringify(genesisConfigToJson(config)));
  const logFile = join(dir, 'node.log');
  const cores = availableParallelism();
  node = await startNode({
    datadir: join(dir, 'node'),
    genesisFile,
    host: '127.0.0.1',
    apiHost: '127.0.0.1',
    p2pPort: 0,
    apiPort: 0,
    bootstrap: [],
    verifyThreads: 1,
    miner: { address: miner.address, cores, policy: 'single', timeBudgetSeconds: 600 },
    log: nodeLogger(logFile, 'debug'),
  });
  const api = node.apiUrl;
  const training = await until('the miner to train block 2', 300, async () => {
    const c = (await minerStatus(api)).candidate;
    return c && c.height === 2 && c.epoch >= 1 ? c : undefined;
  });
  const yieldsBefore = (await readFile(logFile, 'utf8')).split('miner yields cores to verification').length;

  // A peer's valid block at height 1 (a side block beside the miner's own): verified in full, its 4006 samples.
  const { rules } = loadRules(config);
  const forged = forgeValidBlock(rules, genesisBlock(config).header, genesisState(config), {
    timestamp: Math.floor(Date.now() / 1000) - 1,
    nonce: 12345n,
  });
  peer = await Flooder.start(config, node.addresses, node.peerId, [
    { data: encodeBlock(forged.block), file: forged.file },
  ]);
  await peer.flood();
  const hash = toHex(blockHash(forged.block.header));
  await until('the gossiped block to be stored', 120, async () =>
    (await fetch(`${api}/api/blocks/${hash}`)).status === 200 ? true : undefined,
  );

  // The same candidate trains on: a later epoch of block 2.
  await until('the miner to finish another epoch of the same candidate', 300, async () => {
    const c = (await minerStatus(api)).candidate;
    assert.ok(c && c.height === 2 && c.phenotype === training.phenotype, 'the miner kept its candidate');
    return c.epoch > training.epoch ? true : undefined;
  });
  const log = await readFile(logFile, 'utf8');
  if (cores > 1) {
    assert.ok(log.split('miner yields cores to verification').length > yieldsBefore, 'it yielded for the block');
    assert.match(log, new RegExp(`"threads":${cores - 1},"msg":"miner yields cores to verification"`));
  }
});
