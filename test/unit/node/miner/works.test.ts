// The miner's works on a nonce-free chain (src/node/miner/works.ts, docs/PROTOCOL.md 5.6): transaction sets, orders
// and reward addresses instead of nonces, enumerated deterministically, the most fees first.
import { NO_ACTIVATIONS } from '../../../../src/chain/governance/decision.js';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { architectureCost } from '../../../../src/arch/cost.js';
import { txRoot } from '../../../../src/chain/block.js';
import { blockHash } from '../../../../src/chain/header.js';
import type { Transaction } from '../../../../src/chain/transaction.js';
import { toHex } from '../../../../src/codec/hex.js';
import type { Address } from '../../../../src/crypto/address.js';
import { deriveArchitecture } from '../../../../src/consensus/derive-architecture.js';
import { genesisBlock, genesisState } from '../../../../src/consensus/genesis.js';
import { ChainManager } from '../../../../src/node/chain/chain-manager.js';
import { ChainStore } from '../../../../src/node/db/chain-store.js';
import { Mempool } from '../../../../src/node/mempool/mempool.js';
import type { MinerEvent } from '../../../../src/node/miner/events.js';
import { Miner } from '../../../../src/node/miner/miner.js';
import { DEFAULT_MINER_OPTIONS, type MinerOptions } from '../../../../src/node/miner/options.js';
import { NoFittingWork, pickCandidate } from '../../../../src/node/miner/pick-candidate.js';
import { minerWorks, refuseBroken, type Work } from '../../../../src/node/miner/works.js';
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import { alice, bob, miner, params, testKey, transfer } from '../../../helpers/chain/fixtures.js';
import { dataset, evaluate, tinyConfig, tinyRules } from '../../consensus/pouw-fixtures.js';

const config = { ...tinyConfig(), params: { ...params, nonceFree: true } };
const rules = tinyRules(config);
const genesis = genesisBlock(config).header;
const T = genesis.timestamp;
const parentHash = blockHash(genesis);
/** The miner's own addresses: its first, then seven more it may be paid at. */
const addresses: Address[] = [miner.address, ...Array.from({ length: 7 }, (_, i) => testKey(20 + i).address)];

/** Pending transactions, best first as a template has them: alice's three in nonce order, bob's two. */
const pending: Transaction[] = [
  transfer(alice, bob.address, 10n, 9n, 0),
  transfer(bob, alice.address, 5n, 8n, 0),
  transfer(alice, bob.address, 11n, 7n, 1),
  transfer(bob, alice.address, 6n, 6n, 1),
  transfer(alice, bob.address, 12n, 5n, 2),
];

function all(template: readonly Transaction[], miners: readonly Address[]): Work[] {
  const source = minerWorks(true, { parentHash, txs: template }, miners, () => 1n);
  const works: Work[] = [];
  for (let w = source.next(); w; w = source.next()) works.push(w);
  return works;
}

const key = (w: Work) => toHex(txRoot(w.txs)) + toHex(w.miner);
const memory = (w: Work) => architectureCost(deriveArchitecture(rules, w).arch, 64).memoryBytes;

function options(over: Partial<MinerOptions>): MinerOptions {
  return { ...DEFAULT_MINER_OPTIONS, miner: miner.address, workers: 1, policy: 'single', minParams: 0, ...over };
}

const paramsOf = (w: Work) => architectureCost(deriveArchitecture(rules, w).arch, 64).params;

/**
 * A budget the first work's architecture misses and some later work's meets, and the first such work: a memory
 * limit below the first one's when a smaller architecture follows, else a least parameter count above it.
 */
function budgetAgainstFirst(works: readonly Work[]): { budget: Partial<MinerOptions>; fitting: Work } {
  const [first, ...rest] = works;
  if (rest.some((w) => memory(w) < memory(first))) {
    const limit = Math.max(...rest.filter((w) => memory(w) < memory(first)).map(memory));
    return { budget: { maxMemoryBytes: limit }, fitting: works.find((w) => memory(w) <= limit)! };
  }
  const least = paramsOf(first) + 1;
  const fitting = rest.find((w) => paramsOf(w) >= least);
  assert.ok(fitting, 'the fixture needs works of more than one architecture');
  return { budget: { minParams: least }, fitting };
}

describe('nonce-free works', () => {
  test('the enumeration: every set from the whole template down, each order once in nonce order, each address', () => {
    assert.equal(all([], [miner.address]).length, 1, 'no transactions and one address: one work per parent');
    assert.deepEqual(
      all([], addresses).map((w) => w.miner),
      addresses,
    );
    const one = all([pending[0]], [miner.address]);
    assert.deepEqual(
      one.map((w) => w.txs.length),
      [1, 0],
    );

    const works = all(pending, [miner.address]);
    assert.ok(works.every((w) => w.nonce === 0n && w.parentHash === parentHash));
    assert.equal(new Set(works.map(key)).size, works.length, 'no work twice');
    assert.equal(new Set(works.map((w) => w.id)).size, works.length, 'ids name the works');
    for (const w of works) {
      assert.deepEqual(w.txRoot, txRoot(w.txs));
      // A prefix of the template: the least paying left out first.
      assert.deepEqual(new Set(w.txs), new Set(pending.slice(0, w.txs.length)));
      // Each sender's transactions in nonce order.
      for (const sender of [alice, bob]) {
        const nonces = w.txs.filter((tx) => tx.sender === sender.publicKey).map((tx) => tx.nonce);
        assert.deepEqual(
          nonces,
          [...nonces].sort((x, y) => x - y),
        );
      }
    }
    // Fee-preserving first: every order of the whole set (5!/(3!·2!) = 10 interleavings of alice's and bob's) comes
    // before any smaller set, the template's own order first; then the sets shrink one by one to the empty one.
    assert.equal(
      works.findIndex((w) => w.txs.length < pending.length),
      10,
    );
    assert.deepEqual(works[0].txs, pending);
    const sizes = works.map((w) => w.txs.length);
    assert.deepEqual(
      sizes,
      [...sizes].sort((x, y) => y - x),
    );
    assert.deepEqual([...new Set(sizes)], [5, 4, 3, 2, 1, 0]);
    // With several addresses each order is tried at each.
    assert.equal(all(pending, addresses).length, works.length * addresses.length);
  });

  for (const [name, template] of [
    ['no', []],
    ['one', pending.slice(0, 1)],
    ['many', pending],
  ] as const)
    test(`the miner's enumeration finds a fitting candidate with ${name} pending transactions`, () => {
      const works = all(template, addresses);
      const { budget, fitting } = budgetAgainstFirst(works);
      const source = minerWorks(true, { parentHash, txs: template }, addresses, () => 1n);
      const { candidate, skipped } = pickCandidate(rules, source, options(budget), 64, 100);
      assert.equal(key(candidate.work), key(fitting));
      assert.equal(candidate.work.nonce, 0n);
      assert.ok(works.indexOf(fitting) > 0);
      assert.equal(
        Object.values(skipped).reduce((x, y) => x + y, 0),
        works.indexOf(fitting),
      );
      // The candidate's H is its work's, nonce-free.
      assert.deepEqual(candidate.workHash, deriveArchitecture(rules, { ...candidate.work, nonce: 7n }).workHash);
    });

  test('without more addresses, a miner with nothing pending has one work: when it does not fit, none does', () => {
    const [only] = all([], [miner.address]);
    const source = minerWorks(true, { parentHash, txs: [] }, [miner.address], () => 1n);
    assert.throws(
      () => pickCandidate(rules, source, options({ maxMemoryBytes: memory(only) - 1 }), 64, 100),
      (e: unknown) => e instanceof NoFittingWork && e.code === 'no-fitting-work',
    );
  });
});

test('a reordered set that breaks a transaction is refused before it is trained', () => {
  const carol = testKey(30).address;
  // Alice's transfer creates carol's account and pays for it; bob's, after it, need not. The other way round, bob's
  // creates it without paying.
  const creating = transfer(alice, carol, 100n, params.minFee + params.accountCreationFee, 0);
  const after = transfer(bob, carol, 5n, params.minFee, 0);
  const refuse = refuseBroken(config.params, genesisState(config), genesis, [creating, after], NO_ACTIVATIONS);
  const works = all([creating, after], [miner.address]);
  const reasons = new Map(works.map((w) => [w.txs.map((tx) => (tx === creating ? 'a' : 'b')).join(''), refuse(w)]));
  assert.deepEqual(Object.fromEntries(reasons), {
    ab: undefined,
    ba: 'transactions invalid in this order (account-creation-unpaid)',
    a: undefined,
    '': undefined,
  });
});

describe('mining on a nonce-free chain', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'coinai-nonce-free-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const [name, txs] of [
    ['no', []],
    ['many', pending],
  ] as const)
    test(`mines a block the chain accepts, nonce 0, with ${name} pending transactions`, async () => {
      const chain = new ChainManager(
        await ChainStore.create(join(dir, name), config),
        new ObjectStore(join(dir, `${name}-models`)),
        rules,
        evaluate,
      );
      const pool = new Mempool(config.params, { maxTxs: 100, maxPerSender: 10 });
      for (const tx of txs) pool.add(tx, genesisState(config), 1);
      // The template's own work (all its transactions, the first address) does not fit the budget.
      const template = pool.blockTemplate(genesisState(config), 1);
      const { budget } = budgetAgainstFirst(all(template, addresses));
      const [, ...rewardAddresses] = addresses;
      // The threshold is at its floor 95 s after genesis.
      const opts = options({ clock: () => T + 95, timeBudgetSeconds: 4, ...budget, rewardAddresses });
      const mined = await new Miner(chain, dataset, opts, pool).mineBlock();
      const block = await chain.store.blockAt(1);
      assert.equal(mined.hash, toHex(blockHash(chain.head)));
      assert.equal(block!.header.nonce, 0n);
      assert.ok(addresses.some((a) => toHex(a) === toHex(block!.header.miner)));
      assert.ok(
        toHex(block!.header.miner) !== toHex(miner.address) || block!.txs.length < txs.length,
        'another work than the template paid to the first address',
      );
      await chain.store.close();
    });

  test('with one work that does not fit, it reports no-fitting-work and waits for new transactions or a head', async () => {
    const chain = new ChainManager(
      await ChainStore.create(join(dir, 'stuck'), config),
      new ObjectStore(join(dir, 'stuck-models')),
      rules,
      evaluate,
    );
    const [only] = all([], [miner.address]);
    const stop = new AbortController();
    const events: MinerEvent[] = [];
    const log = (e: MinerEvent) => {
      events.push(e);
      if (e.kind === 'abandoned') stop.abort();
    };
    const opts = options({ clock: () => T + 95, maxMemoryBytes: memory(only) - 1, log });
    await assert.rejects(new Miner(chain, dataset, opts).mineBlock(stop.signal), { name: 'AbortError' });
    assert.deepEqual(events, [{ kind: 'abandoned', reason: 'no-fitting-work' }]);
    assert.equal(chain.head.height, 0);
    await chain.store.close();
  });
});
