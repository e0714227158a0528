import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBlock } from '../../../../src/chain/build-block.js';
import { blockHash } from '../../../../src/chain/header.js';
import type { Transaction } from '../../../../src/chain/transaction.js';
import { txHash } from '../../../../src/chain/tx-signing.js';
import { ChainStore } from '../../../../src/node/db/chain-store.js';
import { TxIndex } from '../../../../src/node/db/tx-index.js';
import { alice, bob, genesisConfig, miner, params, transfer } from '../../../helpers/chain/fixtures.js';

async function withStore(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-txindex-'));
  try {
    await fn(join(dir, 'chain'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const extend = async (store: ChainStore, txs: Transaction[]) => {
  const timestamp = store.head.timestamp + 1;
  const { block } = buildBlock(params, store.state, store.head, { miner: miner.address, timestamp, txs });
  await store.importBlock(block);
  return block;
};

const heightOf = async (index: TxIndex, tx: Transaction) => (await index.find(txHash(tx)))?.height;
const roles = async (index: TxIndex, address: Uint8Array) =>
  (await index.history(address, 100)).map((e) => `${e.height}:${e.role}`);

test('the index follows import and revert: a reorganised-away transaction is gone, its replacement found', async () => {
  await withStore(async (dir) => {
    const store = await ChainStore.create(dir, genesisConfig);
    try {
      const index = await TxIndex.open(store);
      const first = transfer(alice, bob.address, 1n, 1n, 0);
      const old = transfer(alice, bob.address, 2n, 1n, 1);
      const replacement = transfer(alice, bob.address, 3n, 1n, 1);
      await extend(store, [first]);
      const b2 = await extend(store, [old]);
      assert.deepEqual(await index.find(txHash(old)), { blockHash: blockHash(b2.header), height: 2, index: 0 });
      assert.deepEqual(await roles(index, bob.address), ['2:received', '1:received']);
      assert.deepEqual(await index.blockOfModel(b2.header.modelRoot), blockHash(b2.header));

      await store.revertHead();
      assert.equal(await index.find(txHash(old)), undefined);
      assert.equal(await index.blockOfModel(b2.header.modelRoot), undefined);
      assert.deepEqual(await roles(index, miner.address), ['1:mined']);
      await extend(store, [replacement]);
      assert.equal(await heightOf(index, old), undefined);
      assert.equal(await heightOf(index, replacement), 2);
      assert.equal(await heightOf(index, first), 1);
      assert.deepEqual(await roles(index, alice.address), ['2:sent', '1:sent']);
    } finally {
      await store.close();
    }
  });
});

test('a self-transfer is in the history twice: sent and received', async () => {
  await withStore(async (dir) => {
    const store = await ChainStore.create(dir, genesisConfig);
    try {
      const index = await TxIndex.open(store);
      await extend(store, [transfer(alice, alice.address, 1n, 1n, 0)]);
      assert.deepEqual(await roles(index, alice.address), ['1:received', '1:sent']);
    } finally {
      await store.close();
    }
  });
});

test('a database the index did not follow is re-indexed when opened: missing records added, stale ones dropped', async () => {
  await withStore(async (dir) => {
    const kept = transfer(alice, bob.address, 1n, 1n, 0);
    const stale = transfer(alice, bob.address, 2n, 1n, 1);
    const fresh = transfer(alice, bob.address, 3n, 1n, 1);
    let store = await ChainStore.create(dir, genesisConfig);
    let index = await TxIndex.open(store);
    await extend(store, [kept]);
    await extend(store, [stale]);
    await store.close();

    // Changed by something that does not keep the index (an older node, a chain tool): stale is reverted.
    store = await ChainStore.open(dir, genesisConfig);
    await store.revertHead();
    await extend(store, [fresh]);
    await store.close();

    store = await ChainStore.open(dir, genesisConfig);
    try {
      index = await TxIndex.open(store);
      assert.equal(await heightOf(index, stale), undefined);
      assert.equal(await heightOf(index, fresh), 2);
      assert.equal(await heightOf(index, kept), 1);
      assert.deepEqual(await roles(index, bob.address), ['2:received', '1:received']);
    } finally {
      await store.close();
    }
  });
});
