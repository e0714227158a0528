// A syncing node SIGKILLed 50 times at random moments (seeded: a failure names the seed and the run, and the same
// seed replays the same moments): each time its data directory reopens consistent (ChainStore.open recomputes the
// state root and refuses one that is not the head's; the height index points at the head; the head never moves
// back), and once left alone it finishes the sync on the source's head. The source holds a chain of cheap valid
// blocks (forged with small random models, the threshold at a floor random weights reach), so the sync is long
// enough for most kills to land in it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paramCount } from '../../../src/arch/ir.js';
import { txRoot } from '../../../src/chain/block.js';
import { blockHash, type BlockHeader } from '../../../src/chain/header.js';
import type { State } from '../../../src/chain/state.js';
import { bytesEqual, toHex } from '../../../src/codec/hex.js';
import { deriveArchitecture } from '../../../src/consensus/derive-architecture.js';
import type { GenesisConfig } from '../../../src/consensus/genesis-config.js';
import { genesisBlock, genesisState } from '../../../src/consensus/genesis.js';
import type { NodeProcess } from '../../../src/devnet/node-process.js';
import { Random } from '../../../src/ml/tensor/random.js';
import { loadRules } from '../../../src/node/chain/load-rules.js';
import { openChain } from '../../../src/node/chain/open-chain.js';
import { initDataDir, openDataDir } from '../../../src/node/db/datadir.js';
import { miner } from '../../helpers/chain/fixtures.js';
import { forgeValidBlock } from '../../helpers/forge-block.js';
import { writeTinyImageChain } from '../../helpers/tiny-image-chain.js';
import { Cluster, eventually, status } from '../cluster.js';

const SEED = Number(process.env.SYNC_CRASH_SEED ?? 20261201);
const KILLS = 50;
const BLOCKS = 400;
/** A kill lands after 0 to MAX_BLOCKS_PER_RUN - 1 blocks imported, then up to KILL_WINDOW_MS later. */
const MAX_BLOCKS_PER_RUN = 4;
const KILL_WINDOW_MS = 50;
/** Small models keep the source's chain a few megabytes. */
const MAX_PARAMS = 20_000;
const THRESHOLD = { mode: 'fixed', startBp: 2000, floorBp: 2000, decayBp: 1, decaySeconds: 1 } as const;

let dir: string;
let config: GenesisConfig;
let cluster: Cluster;
let source: NodeProcess;
let target: BlockHeader;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-sync-crash-'));
  const chainFile = await writeTinyImageChain(dir, [], THRESHOLD);
  config = chainFile.config;
  const { rules } = loadRules(config);
  await (await initDataDir(join(dir, 'source'), config)).store.close();
  const { chain } = await openChain(join(dir, 'source'));
  try {
    let parent: { header: BlockHeader; state: State } = {
      header: genesisBlock(config).header,
      state: genesisState(config),
    };
    const start = Math.floor(Date.now() / 1000) - 2 * BLOCKS;
    for (let height = 1; height <= BLOCKS; height++) {
      let nonce = 0n;
      const work = () => ({ parentHash: blockHash(parent.header), txRoot: txRoot([]), miner: miner.address, nonce });
      while (paramCount(deriveArchitecture(rules, work()).arch) > MAX_PARAMS) nonce++;
      const f = forgeValidBlock(rules, parent.header, parent.state, { timestamp: start + height, nonce });
      await chain.models.put(f.file);
      assert.equal((await chain.submit(f.block, Math.floor(Date.now() / 1000))).status, 'head');
      parent = { header: f.block.header, state: f.state! };
    }
    target = parent.header;
  } finally {
    await chain.store.close();
  }
  cluster = new Cluster(dir, chainFile.file);
  source = await cluster.start('source');
});

after(async () => {
  await cluster?.stopAll();
  await rm(dir, { recursive: true, force: true });
});

/** How many syncs the syncing node has started, by its log. */
async function syncStarts(): Promise<number> {
  const log = await readFile(join(dir, 'syncing.log'), 'utf8').catch(() => '');
  return log.split('"msg":"sync started"').length - 1;
}

/** Opens the syncing node's store as the node would; fails unless it is consistent. Returns its head. */
async function reopen(run: string): Promise<BlockHeader> {
  const { store } = await openDataDir(join(dir, 'syncing'));
  try {
    const head = store.head;
    assert.ok(bytesEqual(store.state.root(), head.stateRoot), `${run}: the state root is the head's`);
    const indexed = await store.blockAt(head.height);
    assert.ok(
      indexed && bytesEqual(blockHash(indexed.header), blockHash(head)),
      `${run}: the index points at the head`,
    );
    return head;
  } finally {
    await store.close();
  }
}

test(`a syncing node SIGKILLed ${KILLS} times at random moments reopens consistent each time and finishes the sync`, async () => {
  const rng = new Random(SEED);
  let height = 0;
  for (let kill = 1; kill <= KILLS; kill++) {
    const run = `seed ${SEED}, kill ${kill}`;
    const started = await syncStarts();
    const node = await cluster.start('syncing', { bootstrap: source });
    await eventually(`${run}: the sync under way`, async () => (await syncStarts()) > started);
    // A moment drawn in blocks imported, then in time, so that the sync lasts the 50 kills on any machine.
    const until = height + Math.floor(rng.float() * MAX_BLOCKS_PER_RUN);
    while ((await status(node)).height < until) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, rng.float() * KILL_WINDOW_MS));
    await cluster.kill(node);
    const head = await reopen(run);
    assert.ok(head.height >= height, `${run}: the head moved back from ${height} to ${head.height}`);
    assert.ok(head.height < target.height, `${run}: the sync finished before the kill (make the chain longer)`);
    height = head.height;
  }
  const node = await cluster.start('syncing', { bootstrap: source });
  await eventually('the sync finished on the source head', async () => {
    const s = await status(node);
    return s.hash === toHex(blockHash(target)) && !s.syncing;
  });
  assert.match(await readFile(node.logFile, 'utf8'), /"msg":"sync done"/);
  process.stdout.write(`# ${KILLS} kills during the sync, from height 0 to ${height} of ${target.height}\n`);
});
