import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Block } from '../../../../src/chain/block.js';
import { buildBlock } from '../../../../src/chain/build-block.js';
import { blockHash } from '../../../../src/chain/header.js';
import type { Transaction } from '../../../../src/chain/transaction.js';
import { proposalIdOf, type TxPayload } from '../../../../src/chain/tx-payload.js';
import { signTransaction, txHash } from '../../../../src/chain/tx-signing.js';
import { compareBytes } from '../../../../src/codec/bytes.js';
import { sha3_256 } from '../../../../src/crypto/hash.js';
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

test('proposals and the blocks of each problem: by height, best score first, through a revert and a re-index', async () => {
  await withStore(async (dir) => {
    const store = await ChainStore.create(dir, genesisConfig);
    try {
      let index = await TxIndex.open(store);
      const [a, b] = [sha3_256(Uint8Array.of(1)), sha3_256(Uint8Array.of(2))].sort(compareBytes);
      const payload: TxPayload = {
        kind: 'propose-grammar',
        grammarId: sha3_256(Uint8Array.of(3)),
        fileRoot: sha3_256(Uint8Array.of(4)),
        fileSize: 10,
        deposit: params.governance.minDeposit,
      };
      const propose = signTransaction(
        {
          chainId: params.chainId,
          sender: alice.publicKey,
          nonce: 1,
          recipient: new Uint8Array(20),
          amount: 0n,
          fee: 1n,
          payload,
        },
        alice.seed,
      );
      const mine = async (txs: Transaction[], problemId: Uint8Array, correct: number) => {
        const timestamp = store.head.timestamp + 1;
        const work = { problemId, score: { correct, total: 10 } };
        const { block } = buildBlock(params, store.state, store.head, { miner: miner.address, timestamp, txs, work });
        await store.importBlock(block);
        return block;
      };
      const b1 = await mine([transfer(alice, bob.address, 1n, 1n, 0), propose], a, 3);
      const b2 = await mine([], a, 7);
      await mine([], b, 5);
      const trained = (block: Block) => ({
        height: block.header.height,
        hash: blockHash(block.header),
        score: block.header.score,
      });
      assert.deepEqual(await index.proposals(), [{ id: proposalIdOf(payload), height: 1, index: 1 }]);
      assert.deepEqual(await index.trainedProblems(), [a, b]);
      assert.deepEqual(await index.problemSpan(a), { first: trained(b1), last: trained(b2) });
      assert.deepEqual(await index.bestBlocks(a, 5), [trained(b2), trained(b1)]);
      assert.deepEqual(await index.bestBlocks(a, 1), [trained(b2)]);
      assert.equal(await index.problemSpan(sha3_256(Uint8Array.of(9))), undefined);

      await store.revertHead();
      assert.deepEqual(await index.trainedProblems(), [a]);
      assert.deepEqual(await index.bestBlocks(b, 5), []);

      // An index of the format before these records (same head, none of them) is rebuilt when opened.
      const db = store.attachIndex({ importOps: () => [], revertOps: () => [] });
      const ours: Uint8Array[] = [];
      for (const p of ['xg', 'xp', 'xs'])
        for await (const key of db.keys({ gt: Buffer.from(p), lt: Buffer.concat([Buffer.from(p), Buffer.of(0xff)]) }))
          ours.push(key);
      assert.ok(ours.length > 0);
      await db.batch([...ours, Buffer.from('xv')].map((key) => ({ type: 'del', key }) as const));
      assert.deepEqual(await index.trainedProblems(), []);
      index = await TxIndex.open(store);
      assert.deepEqual(await index.trainedProblems(), [a]);
      assert.deepEqual(await index.bestBlocks(a, 5), [trained(b2), trained(b1)]);
      assert.deepEqual(await index.proposals(), [{ id: proposalIdOf(payload), height: 1, index: 1 }]);
    } finally {
      await store.close();
    }
  });
});
