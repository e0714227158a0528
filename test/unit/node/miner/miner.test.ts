import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { genesisBlock, genesisState } from '../../../../src/consensus/genesis.js';
import { blockHash } from '../../../../src/chain/header.js';
import { toHex } from '../../../../src/codec/hex.js';
import { ChainManager } from '../../../../src/node/chain/chain-manager.js';
import { verifyChain } from '../../../../src/node/chain/verify-chain.js';
import { ChainStore } from '../../../../src/node/db/chain-store.js';
import { ModelStore } from '../../../../src/node/models/model-store.js';
import type { MinerEvent } from '../../../../src/node/miner/events.js';
import { Miner } from '../../../../src/node/miner/miner.js';
import { DEFAULT_MINER_OPTIONS, type MinerOptions } from '../../../../src/node/miner/options.js';
import { pickCandidate } from '../../../../src/node/miner/pick-candidate.js';
import { miner } from '../../../helpers/chain/fixtures.js';
import { dataset, evaluate, makeBlock, tinyConfig, tinyRules } from '../../consensus/pouw-fixtures.js';

const config = tinyConfig();
const rules = tinyRules(config);
const T = config.timestamp;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-miner-'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function chainAt(name: string): Promise<ChainManager> {
  return new ChainManager(
    await ChainStore.create(join(dir, name), config),
    new ModelStore(join(dir, `${name}-models`)),
    rules,
    evaluate,
  );
}

function options(over: Partial<MinerOptions>): MinerOptions {
  let nonce = 0n;
  return {
    ...DEFAULT_MINER_OPTIONS,
    miner: miner.address,
    workers: 1,
    timeBudgetSeconds: 30,
    minParams: 0,
    nonce: () => ++nonce,
    ...over,
  };
}

describe('miner', () => {
  test('mines a short chain that re-verifies from genesis, reporting each block', async () => {
    const chain = await chainAt('mine');
    // The clock jumps 100 s per candidate, so the threshold (falling 1 point a second) is at its floor.
    let now = T;
    const events: MinerEvent[] = [];
    const log = (e: MinerEvent) => {
      if (e.kind === 'candidate') now += 100;
      events.push(e);
    };
    const m = new Miner(chain, dataset, options({ clock: () => now, log }));
    for (let i = 1; i <= 3; i++) {
      const mined = await m.mineBlock();
      assert.equal(mined.height, i);
      assert.equal(mined.hash, toHex(blockHash(chain.head)));
      assert.ok(mined.trainSeconds > 0 && mined.verifySeconds > 0 && mined.score.total === dataset.validation.count);
    }
    const kinds = new Set(events.map((e) => e.kind));
    for (const k of ['candidate', 'epoch', 'mined'] as const) assert.ok(kinds.has(k), k);
    const verified = await verifyChain(config, chain.store, chain.models, rules, evaluate, now);
    assert.equal(verified.blocks, 3);
    await chain.store.close();
  });

  test('abandons its candidate at once when a new head arrives and starts over on it', async () => {
    const chain = await chainAt('abandon');
    // The miner's clock stays at genesis, where the threshold (100%) is out of reach: it would train for its
    // whole budget. A rival block, stamped later, arrives during the first epoch.
    const rival = await makeBlock(rules, genesisBlock(config).header, genesisState(config), { timestamp: T + 100 });
    await chain.models.put(rival.file);
    const events: MinerEvent[] = [];
    const stop = new AbortController();
    let submitted: Promise<unknown> | undefined;
    const log = (e: MinerEvent) => {
      events.push(e);
      if (e.kind === 'epoch') submitted ??= chain.submit(rival.block, T + 100);
      if (e.kind === 'candidate' && e.height === 2) stop.abort();
    };
    const m = new Miner(
      chain,
      dataset,
      options({ clock: () => T + 1, log, timeBudgetSeconds: 600, stallSeconds: 600 }),
    );
    await assert.rejects(m.mineBlock(stop.signal), { name: 'AbortError' });
    await submitted;
    const summary = events
      .filter((e) => e.kind !== 'epoch')
      .map((e) => (e.kind === 'candidate' ? `candidate ${e.height}` : e.kind === 'abandoned' ? e.reason : e.kind));
    assert.deepEqual(summary, ['candidate 1', 'new-head', 'candidate 2']);
    await chain.store.close();
  });

  test('skips nonces whose architecture is over the budget, counting why', () => {
    const work = { parentHash: new Uint8Array(32), txRoot: new Uint8Array(32), miner: miner.address };
    const memory = (nonce: bigint) =>
      pickCandidate(rules, work, options({ nonce: () => nonce }), 64, 100).candidate.cost.memoryBytes;
    // Draw the nonces from the largest architecture's down to the smallest's, with room for the smallest only.
    const nonces = [1n, 2n, 3n, 4n, 5n, 6n].sort((a, b) => memory(b) - memory(a));
    const limit = memory(nonces[5]);
    const over = nonces.filter((n) => memory(n) > limit).length;
    assert.ok(over > 0, 'the fixture needs architectures of different sizes');
    const { candidate, skipped } = pickCandidate(
      rules,
      work,
      options({ maxMemoryBytes: limit, nonce: () => nonces.shift()! }),
      64,
      100,
    );
    assert.equal(candidate.cost.memoryBytes, limit);
    assert.deepEqual(skipped, { 'training memory over budget': over });
  });

  test('skips architectures under minParams, and takes the largest of 64 when none is big enough', () => {
    const work = { parentHash: new Uint8Array(32), txRoot: new Uint8Array(32), miner: miner.address };
    const params = (nonce: bigint) =>
      pickCandidate(rules, work, options({ nonce: () => nonce }), 64, 100).candidate.cost.params;
    const sizes = Array.from({ length: 64 }, (_, i) => params(BigInt(i + 1)));
    const largest = Math.max(...sizes);
    const none = pickCandidate(rules, work, options({ minParams: largest + 1 }), 64, 100);
    assert.equal(none.candidate.cost.params, largest);
    assert.deepEqual(none.skipped, { 'too few parameters': 63 });
    const some = pickCandidate(rules, work, options({ minParams: largest }), 64, 100);
    assert.equal(some.candidate.cost.params, largest);
    assert.equal(some.candidate.nonce, BigInt(sizes.indexOf(largest) + 1));
  });
});
