import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBlock } from '../../../../src/chain/build-block.js';
import type { Transaction } from '../../../../src/chain/transaction.js';
import { txHash } from '../../../../src/chain/tx-signing.js';
import { TxIndex } from '../../../../src/node/api/tx-index.js';
import { ChainStore } from '../../../../src/node/db/chain-store.js';
import { alice, bob, genesisConfig, miner, params, transfer } from '../../../helpers/chain/fixtures.js';

test('TxIndex finds main-chain transactions and follows the head through a reorganisation', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-txindex-'));
  const store = await ChainStore.create(dir, genesisConfig);
  try {
    const extend = async (tx: Transaction) => {
      const timestamp = store.head.timestamp + 1;
      const { block } = buildBlock(params, store.state, store.head, { miner: miner.address, timestamp, txs: [tx] });
      await store.importBlock(block);
    };
    const index = new TxIndex(store);
    const first = transfer(alice, bob.address, 1n, 1n, 0);
    const old = transfer(alice, bob.address, 2n, 1n, 1);
    const replacement = transfer(alice, bob.address, 3n, 1n, 1);
    await extend(first);
    await extend(old);
    const found = await index.find(txHash(old));
    assert.deepEqual([found?.block.header.height, found?.index], [2, 0]);

    await store.revertHead();
    await extend(replacement);
    assert.equal(await index.find(txHash(old)), undefined);
    assert.equal((await index.find(txHash(replacement)))?.block.header.height, 2);
    assert.equal((await index.find(txHash(first)))?.block.header.height, 1);

    await store.revertHead();
    assert.equal(await index.find(txHash(replacement)), undefined);
    const later = [transfer(alice, bob.address, 4n, 1n, 1), transfer(alice, bob.address, 5n, 1n, 2)];
    for (const tx of later) await extend(tx);
    assert.equal((await index.find(txHash(later[1])))?.block.header.height, 3);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
