import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBlock } from '../../../../src/chain/build-block.js';
import { BlockError } from '../../../../src/chain/errors.js';
import { blockHash } from '../../../../src/chain/header.js';
import { ClassicLevel } from 'classic-level';
import { ChainStore } from '../../../../src/node/db/chain-store.js';
import { StoreError } from '../../../../src/node/db/errors.js';
import { FORMAT_KEY, recordKey } from '../../../../src/node/db/keys.js';
import { ACCOUNTS, encodeAccount } from '../../../../src/chain/account.js';
import { MODELS } from '../../../../src/chain/models.js';
import { alice, bob, genesisConfig, miner, params, transfer } from '../../../helpers/chain/fixtures.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-store-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function nextBlock(store: ChainStore, amount: bigint) {
  const nonce = store.state.account(alice.address).nonce;
  return buildBlock(params, store.state, store.head, {
    miner: miner.address,
    timestamp: store.head.timestamp + 5,
    txs: [transfer(alice, bob.address, amount, 1n, nonce)],
  }).block;
}

describe('ChainStore', () => {
  test('imports, reopens at the same head and reverts to the exact prior state roots', () =>
    withDir(async (dir) => {
      let store = await ChainStore.create(dir, genesisConfig);
      const roots = [store.state.root()];
      for (let i = 1; i <= 3; i++) {
        await store.importBlock(nextBlock(store, BigInt(i)));
        roots.push(store.state.root());
      }
      await store.close();
      store = await ChainStore.open(dir, genesisConfig);
      assert.equal(store.head.height, 3);
      assert.deepEqual(store.state.root(), roots[3]);
      await store.revertHead();
      await store.revertHead();
      assert.deepEqual(store.state.root(), roots[1]);
      assert.equal(await store.blockAt(2), undefined);
      await store.close();
      store = await ChainStore.open(dir, genesisConfig);
      assert.equal(store.head.height, 1);
      assert.deepEqual(store.state.root(), roots[1]);
      // A different block at height 2 imports after the revert (the shape of a reorganisation).
      const fork = nextBlock(store, 50n);
      await store.importBlock(fork);
      assert.deepEqual(blockHash((await store.blockAt(2))!.header), blockHash(fork.header));
      await store.close();
    }));

  test('an invalid block changes nothing, in memory or on disk', () =>
    withDir(async (dir) => {
      const store = await ChainStore.create(dir, genesisConfig);
      const block = nextBlock(store, 1n);
      const bad = { ...block, header: { ...block.header, parentHash: new Uint8Array(32) } };
      await assert.rejects(store.importBlock(bad), (e: unknown) => e instanceof BlockError && e.code === 'bad-parent');
      const tooRich = nextBlock(store, 1n);
      await assert.rejects(
        store.importBlock({ ...tooRich, header: { ...tooRich.header, stateRoot: new Uint8Array(32) } }),
        (e: unknown) => e instanceof BlockError && e.code === 'state-root-mismatch',
      );
      assert.equal(store.head.height, 0);
      await store.close();
      const reopened = await ChainStore.open(dir, genesisConfig);
      assert.equal(reopened.head.height, 0);
      await reopened.close();
    }));

  test('open() refuses stored records that are not the head state: altered, missing, extra or of no namespace', () =>
    withDir(async (dir) => {
      const store = await ChainStore.create(dir, genesisConfig);
      const digest = new Uint8Array(32).fill(7);
      const block = buildBlock(params, store.state, store.head, {
        miner: miner.address,
        timestamp: store.head.timestamp + 5,
        txs: [transfer(alice, bob.address, 1n, 1n, 0)],
        modelDigest: digest,
      }).block;
      await store.importBlock(block, digest);
      await store.close();
      type Op = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };
      const tamper = async (ops: Op[]) => {
        const db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
        await db.batch(ops);
        await db.close();
      };
      const corrupt = (e: unknown) => e instanceof StoreError && e.code === 'corrupt';
      const bobKey = recordKey(ACCOUNTS.tag, bob.address);
      const bobValue = encodeAccount({ balance: 501n, nonce: 0 });
      const cases: [string, Op[], Op[]][] = [
        [
          'altered balance',
          [{ type: 'put', key: bobKey, value: encodeAccount({ balance: 10n ** 9n, nonce: 0 }) }],
          [{ type: 'put', key: bobKey, value: bobValue }],
        ],
        [
          'missing model digest',
          [{ type: 'del', key: recordKey(MODELS.tag, digest) }],
          [{ type: 'put', key: recordKey(MODELS.tag, digest), value: new Uint8Array() }],
        ],
        [
          'extra account',
          [{ type: 'put', key: recordKey(ACCOUNTS.tag, new Uint8Array(20)), value: bobValue }],
          [{ type: 'del', key: recordKey(ACCOUNTS.tag, new Uint8Array(20)) }],
        ],
        [
          'unknown namespace',
          [{ type: 'put', key: recordKey(99, new Uint8Array(20)), value: bobValue }],
          [{ type: 'del', key: recordKey(99, new Uint8Array(20)) }],
        ],
      ];
      for (const [what, ops, undo] of cases) {
        await tamper(ops);
        await assert.rejects(ChainStore.open(dir, genesisConfig), corrupt, what);
        await tamper(undo);
      }
      const reopened = await ChainStore.open(dir, genesisConfig);
      assert.deepEqual(reopened.state.account(bob.address), { balance: 501n, nonce: 0 });
      assert.ok(reopened.state.hasModel(digest));
      await reopened.close();
    }));

  test('refuses a missing database, a second create and a foreign genesis', () =>
    withDir(async (dir) => {
      await assert.rejects(
        ChainStore.open(join(dir, 'none'), genesisConfig),
        (e: unknown) => e instanceof StoreError && e.code === 'not-initialised',
      );
      await (await ChainStore.create(dir, genesisConfig)).close();
      await assert.rejects(
        ChainStore.create(dir, genesisConfig),
        (e: unknown) => e instanceof StoreError && e.code === 'already-initialised',
      );
      const other = { ...genesisConfig, timestamp: genesisConfig.timestamp + 1 };
      await assert.rejects(
        ChainStore.open(dir, other),
        (e: unknown) => e instanceof StoreError && e.code === 'genesis-mismatch',
      );
    }));

  test('refuses a database written before fork heights (store format 1) with a clear error', () =>
    withDir(async (dir) => {
      await (await ChainStore.create(dir, genesisConfig)).close();
      // What an older node left: the same records without the format marker.
      const db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
      await db.del(FORMAT_KEY);
      await db.close();
      await assert.rejects(ChainStore.open(dir, genesisConfig), (e: unknown) => {
        assert.ok(e instanceof StoreError && e.code === 'unsupported-format', String(e));
        assert.match(e.message, /format 1, this node reads format 3: remove the data directory/);
        return true;
      });
    }));
});
