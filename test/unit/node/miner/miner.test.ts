import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { genesisBlock, genesisState } from '../../../../src/consensus/genesis.js';
import { blockHash } from '../../../../src/chain/header.js';
import { toHex } from '../../../../src/codec/hex.js';
import { ChainManager } from '../../../../src/node/chain/chain-manager.js';
import { verifyChain } from '../../../../src/node/chain/verify-chain.js';
import { ChainStore } from '../../../../src/node/db/chain-store.js';
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import type { MinerEvent } from '../../../../src/node/miner/events.js';
import { Miner } from '../../../../src/node/miner/miner.js';
import { DEFAULT_MINER_OPTIONS, MINER_POLICIES, type MinerOptions } from '../../../../src/node/miner/options.js';
import { pickCandidate } from '../../../../src/node/miner/pick-candidate.js';
import { minerWorks } from '../../../../src/node/miner/works.js';
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

async function chainAt(name: string, c = config): Promise<ChainManager> {
  return new ChainManager(
    await ChainStore.create(join(dir, name), c),
    new ObjectStore(join(dir, `${name}-models`)),
    c === config ? rules : tinyRules(c),
    evaluate,
  );
}

function options(over: Partial<MinerOptions>): MinerOptions {
  let nonce = 0n;
  return {
    ...DEFAULT_MINER_OPTIONS,
    miner: miner.address,
    workers: 1,
    policy: 'single',
    timeBudgetSeconds: 30,
    minParams: 0,
    nonce: () => ++nonce,
    ...over,
  };
}

/** This process's threads (Linux). */
const threads = () => readdirSync('/proc/self/task').length;

describe('miner', () => {
  test(
    'trains on as many threads as its cores (--cores), counted in /proc',
    { skip: !existsSync('/proc/self/task') },
    async () => {
      const chain = await chainAt('cores');
      let now = T;
      let before = 0;
      const counts: number[] = [];
      // Each training run's worker threads exist while it reports its epochs.
      const log = (e: MinerEvent) => {
        if (e.kind === 'candidate') now += 100;
        if (e.kind === 'epoch') counts.push(threads() - before);
      };
      const added = async (cores: number) => {
        const m = new Miner(chain, dataset, options({ clock: () => now, log, workers: cores, timeBudgetSeconds: 4 }));
        counts.length = 0;
        before = threads();
        await m.mineBlock();
        return [...new Set(counts)];
      };
      // The first run also starts what a process starts once (LevelDB's and libuv's threads): not counted.
      await added(1);
      // A worker is one thread, two from source (tsx runs its module hooks on a thread of their own).
      const [perWorker] = await added(1);
      assert.ok(perWorker === 1 || perWorker === 2, `a worker adds ${perWorker} threads`);
      assert.deepEqual(await added(3), [3 * perWorker]);
      assert.deepEqual(await added(2), [2 * perWorker]);
      await chain.store.close();
    },
  );

  for (const policy of MINER_POLICIES)
    test(`mines a short chain that re-verifies from genesis, reporting each block (${policy} policy)`, async () => {
      const chain = await chainAt(`mine-${policy}`);
      // The clock jumps 100 s per candidate, so the threshold (falling 1 point a second) is at its floor.
      let now = T;
      const events: MinerEvent[] = [];
      const log = (e: MinerEvent) => {
        if (e.kind === 'candidate') now += 100;
        events.push(e);
      };
      const search = { candidates: 3, eta: 2, probeFraction: 1 / 8 };
      const m = new Miner(chain, dataset, options({ clock: () => now, log, policy, search, timeBudgetSeconds: 4 }));
      for (let i = 1; i <= 3; i++) {
        const mined = await m.mineBlock();
        assert.equal(mined.height, i);
        assert.equal(mined.hash, toHex(blockHash(chain.head)));
        assert.ok(mined.trainSeconds > 0 && mined.verifySeconds > 0 && mined.score.total === dataset.validation.count);
      }
      const kinds = new Set(events.map((e) => e.kind));
      for (const k of ['candidate', 'epoch', 'mined'] as const) assert.ok(kinds.has(k), k);
      assert.equal(kinds.has('probed'), policy === 'search');
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

  test('search: probes every candidate, halves them rung by rung, and trains the best to the end', async () => {
    // At T + 1 the threshold (95%) is out of the tiny problem's reach (a tenth of its labels are flipped), so no
    // candidate stops the search early; it falls 5 points a second, so that every candidate can reach it in time. The
    // rungs take 4 s of the 8 s budget: the finalist keeps more than a second even when epochs overrun on a busy machine.
    const steep = tinyConfig({ mode: 'fixed', startBp: 10_000, floorBp: 1000, decayBp: 500, decaySeconds: 1 });
    const chain = await chainAt('search', steep);
    let now = T + 1;
    const events: MinerEvent[] = [];
    const log = (e: MinerEvent) => {
      events.push(e);
      if (e.kind === 'waiting') now = e.until;
    };
    const search = { candidates: 4, eta: 2, probeFraction: 1 / 12 };
    const m = new Miner(
      chain,
      dataset,
      options({ clock: () => now, log, policy: 'search', search, timeBudgetSeconds: 8 }),
    );
    const mined = await m.mineBlock();
    assert.equal(mined.candidates, 4);
    const drawn = events.filter((e) => e.kind === 'candidate').map((e) => e.nonce);
    assert.equal(drawn.length, 4);
    const rung = (r: number) => events.filter((e) => e.kind === 'probed' && e.rung === r);
    const kept = events.filter((e) => e.kind === 'kept');
    assert.deepEqual(
      kept.map((e) => e.nonces.length),
      [2, 1],
    );
    assert.deepEqual(
      rung(0).map((e) => e.kind === 'probed' && e.nonce),
      drawn,
    );
    // Each rung keeps its most accurate candidates, and only those train on.
    for (const [r, k] of kept.entries()) {
      const ranked = rung(r)
        .flatMap((e) => (e.kind === 'probed' ? [e] : []))
        .sort((a, b) => b.validationAccuracy - a.validationAccuracy);
      assert.equal(
        k.kind === 'kept' && k.nonces.join(),
        ranked
          .slice(0, k.nonces.length)
          .map((e) => e.nonce)
          .join(),
      );
      assert.deepEqual(
        rung(r + 1).map((e) => e.kind === 'probed' && e.nonce),
        k.nonces,
      );
    }
    const dropped = events.flatMap((e) => (e.kind === 'dropped' ? [e.reason] : []));
    assert.deepEqual(dropped, ['halving', 'halving', 'halving']);
    const winner = rung(2)[0];
    assert.ok(winner.kind === 'probed' && winner.phenotype === mined.phenotype);
    await chain.store.close();
  });

  test('search: drops candidates whose learning curve cannot reach the threshold in the budget', async () => {
    // A floor of 99.5% is beyond the tiny problem (a tenth of its labels are flipped): no probe can reach it.
    const high = tinyConfig({ mode: 'fixed', startBp: 10_000, floorBp: 9950, decayBp: 100, decaySeconds: 1 });
    const chain = await chainAt('reach', high);
    const events: MinerEvent[] = [];
    const stop = new AbortController();
    const log = (e: MinerEvent) => {
      events.push(e);
      if (e.kind === 'abandoned') stop.abort();
    };
    const search = { candidates: 3, eta: 2, probeFraction: 1 / 12 };
    const opts = options({ clock: () => T + 1000, log, policy: 'search', search, timeBudgetSeconds: 6 });
    await assert.rejects(new Miner(chain, dataset, opts).mineBlock(stop.signal), { name: 'AbortError' });
    const summary = events
      .filter((e) => e.kind !== 'epoch' && e.kind !== 'candidate')
      .map((e) => (e.kind === 'dropped' || e.kind === 'abandoned' ? `${e.kind} ${e.reason}` : e.kind));
    assert.deepEqual(summary, [
      ...Array.from({ length: 3 }, () => ['probed', 'dropped out-of-reach']).flat(),
      'abandoned threshold-out-of-reach',
    ]);
    await chain.store.close();
  });

  const template = { parentHash: new Uint8Array(32), txs: [] };
  /** pickCandidate on the rules' chain (with nonces), drawing the nonces of `opts`. */
  const pick = (opts: MinerOptions) =>
    pickCandidate(rules, minerWorks(false, template, [miner.address], opts.nonce), opts, 64, 100);

  test('skips nonces whose architecture is over the budget, counting why', () => {
    const memory = (nonce: bigint) => pick(options({ nonce: () => nonce })).candidate.cost.memoryBytes;
    // Draw the nonces from the largest architecture's down to the smallest's, with room for the smallest only.
    const nonces = [1n, 2n, 3n, 4n, 5n, 6n].sort((a, b) => memory(b) - memory(a));
    const limit = memory(nonces[5]);
    const over = nonces.filter((n) => memory(n) > limit).length;
    assert.ok(over > 0, 'the fixture needs architectures of different sizes');
    const { candidate, skipped } = pick(options({ maxMemoryBytes: limit, nonce: () => nonces.shift()! }));
    assert.equal(candidate.cost.memoryBytes, limit);
    assert.deepEqual(skipped, { 'training memory over budget': over });
  });

  test('skips architectures under minParams, and takes the largest of 64 when none is big enough', () => {
    const params = (nonce: bigint) => pick(options({ nonce: () => nonce })).candidate.cost.params;
    const sizes = Array.from({ length: 64 }, (_, i) => params(BigInt(i + 1)));
    const largest = Math.max(...sizes);
    const none = pick(options({ minParams: largest + 1 }));
    assert.equal(none.candidate.cost.params, largest);
    assert.deepEqual(none.skipped, { 'too few parameters': 63 });
    const some = pick(options({ minParams: largest }));
    assert.equal(some.candidate.cost.params, largest);
    assert.equal(some.candidate.work.nonce, BigInt(sizes.indexOf(largest) + 1));
  });
});
