import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlockError } from '../../../../src/chain/errors.js';
import { blockHash } from '../../../../src/chain/header.js';
import type { Transaction } from '../../../../src/chain/transaction.js';
import { genesisBlock, genesisState } from '../../../../src/consensus/genesis.js';
import { toHex } from '../../../../src/codec/hex.js';
import { ChainStore } from '../../../../src/node/db/chain-store.js';
import { ModelStore } from '../../../../src/node/models/model-store.js';
import { ChainManager } from '../../../../src/node/chain/chain-manager.js';
import { Mempool } from '../../../../src/node/mempool/mempool.js';
import { alice, bob, params, transfer } from '../../../helpers/chain/fixtures.js';
import { evaluate, makeBlock, tinyConfig, tinyRules, type MadeBlock } from '../../consensus/pouw-fixtures.js';

const config = tinyConfig();
const rules = tinyRules(config);
const T = config.timestamp;
let dir: string;

/** Two siblings on genesis (different work hashes, so different models), each with its own transfer. */
let worse: MadeBlock;
let better: MadeBlock;
const tx = transfer(alice, bob.address, 10n, 1n, 0);
const otherTx = transfer(bob, alice.address, 10n, 1n, 0);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-chain-'));
  const make = (nonce: bigint, txs: Transaction[]) =>
    makeBlock(rules, genesisBlock(config).header, genesisState(config), { timestamp: T + 100, nonce, txs, epochs: 1 });
  const score = (b: MadeBlock) => b.block.header.score.correct;
  const nonces = [1n, 2n, 3n, 4n];
  worse = (await Promise.all(nonces.map((n) => make(n, [tx])))).reduce((a, b) => (score(b) < score(a) ? b : a));
  better = (await Promise.all(nonces.map((n) => make(n, [otherTx])))).reduce((a, b) => (score(b) > score(a) ? b : a));
  assert.ok(score(worse) < score(better), 'the fixture needs two different scores');
});
after(() => rm(dir, { recursive: true, force: true }));

async function openManager(name: string, mempool?: Mempool): Promise<ChainManager> {
  const store = await ChainStore.open(join(dir, name), config).catch(() => ChainStore.create(join(dir, name), config));
  const manager = new ChainManager(store, new ModelStore(join(dir, `${name}-models`)), rules, evaluate, mempool);
  await manager.settle();
  return manager;
}

async function submit(m: ChainManager, made: MadeBlock, now = made.block.header.timestamp) {
  await m.models.put(made.file);
  return m.submit(made.block, now);
}

const hex = (m: ChainManager) => toHex(blockHash(m.head));
const hashOf = (made: MadeBlock) => toHex(blockHash(made.block.header));

describe('chain manager', () => {
  test('builds a short chain, each block becoming the head', async () => {
    const m = await openManager('short');
    for (let i = 1; i <= 3; i++) {
      const made = await makeBlock(rules, m.head, m.store.state, { timestamp: T + 100 * i, nonce: BigInt(i) });
      assert.deepEqual(await submit(m, made), { status: 'head', reverted: 0 });
      assert.equal(m.head.height, i);
      assert.deepEqual(await submit(m, made), { status: 'known' });
    }
    await m.store.close();
  });

  test('fork choice takes the better sibling and reorganises, returning transactions to the mempool', async () => {
    const pool = new Mempool(params, { maxTxs: 100, maxPerSender: 10 });
    const m = await openManager('fork', pool);
    pool.add(tx, m.store.state);
    assert.equal((await submit(m, worse)).status, 'head');
    assert.equal(pool.size, 0, 'mined transactions leave the pool');
    const heads: string[] = [];
    m.onHead((h) => heads.push(toHex(blockHash(h))));
    assert.deepEqual(await submit(m, better), { status: 'head', reverted: 1 });
    assert.equal(hex(m), hashOf(better));
    assert.deepEqual(heads, [hashOf(better)]);
    assert.equal(pool.size, 1, "the undone block's transaction is back in the pool");
    assert.deepEqual(m.store.state.root(), better.state.root());
    await m.store.close();
  });

  test('an exact copy of a sibling model is rejected', async () => {
    const m = await openManager('copy');
    const made = await makeBlock(rules, m.head, m.store.state, { timestamp: T + 100, nonce: 1n });
    await submit(m, made);
    // The same weights under another hash: another timestamp.
    const copy = { ...made, block: { ...made.block, header: { ...made.block.header, timestamp: T + 101 } } };
    await assert.rejects(submit(m, copy), (e: unknown) => e instanceof BlockError && e.code === 'duplicate-model');
    await m.store.close();
  });

  test('a block from the future is held, then accepted when its time comes', async () => {
    const m = await openManager('future');
    const made = await makeBlock(rules, m.head, m.store.state, { timestamp: T + 100, nonce: 1n });
    assert.deepEqual(await submit(m, made, T + 80), { status: 'held', until: T + 85 });
    assert.equal(m.head.height, 0);
    assert.equal(await m.releaseHeld(T + 84), 0);
    assert.equal(await m.releaseHeld(T + 85), 1);
    assert.equal(hex(m), hashOf(made));
    await m.store.close();
  });

  test('a heavier branch whose block fails its state transition is marked invalid; the node stays on the valid chain', async () => {
    const m = await openManager('invalid');
    await submit(m, worse);
    // The better sibling with a state root that its execution does not give: its proof of work is fine, so it is
    // stored as a side block, and fails when fork choice tries to import it.
    const broken = {
      ...better,
      block: { ...better.block, header: { ...better.block.header, stateRoot: new Uint8Array(32) } },
    };
    assert.deepEqual(await submit(m, broken), { status: 'side' });
    assert.equal(hex(m), hashOf(worse));
    assert.equal((await m.store.meta(blockHash(broken.block.header)))!.invalid, true);
    const child = await makeBlock(rules, broken.block.header, better.state, { timestamp: T + 200, nonce: 1n });
    await assert.rejects(submit(m, child), (e: unknown) => e instanceof BlockError && e.code === 'bad-parent');
    await m.store.close();
  });

  test('a database left mid-reorganisation reopens at a consistent head and settles on the best chain', async () => {
    let m = await openManager('killed');
    await submit(m, better);
    await submit(m, worse);
    const next = await makeBlock(rules, m.head, m.store.state, { timestamp: T + 200, nonce: 7n });
    await submit(m, next);
    // What a kill between the steps of a reorganisation leaves: the head reverted, the branch not yet imported.
    await m.store.revertHead();
    await m.store.revertHead();
    await m.store.close();
    m = await openManager('killed');
    assert.equal(hex(m), toHex(blockHash(next.block.header)));
    assert.deepEqual(m.store.state.root(), next.state.root());
    await m.store.close();
  });
});
