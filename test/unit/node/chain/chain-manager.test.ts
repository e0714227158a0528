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
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import { ChainManager } from '../../../../src/node/chain/chain-manager.js';
import { Mempool } from '../../../../src/node/mempool/mempool.js';
import type { BlockHeader } from '../../../../src/chain/header.js';
import type { State } from '../../../../src/chain/state.js';
import { txRoot } from '../../../../src/chain/block.js';
import { deriveArchitecture } from '../../../../src/consensus/derive-architecture.js';
import { scoreBp } from '../../../../src/consensus/score.js';
import { timeToReach } from '../../../../src/consensus/threshold.js';
import type { Model } from '../../../../src/ml/model/model.js';
import { alice, bob, miner, params, transfer } from '../../../helpers/chain/fixtures.js';
import {
  blockWithModel,
  evaluate,
  makeBlock,
  tinyConfig,
  tinyRules,
  type MadeBlock,
} from '../../consensus/pouw-fixtures.js';

const config = tinyConfig();
const rules = tinyRules(config);
const T = config.timestamp;
let dir: string;

/** Two siblings on genesis (different work hashes, so different models), each with its own transfer. */
let worse: MadeBlock;
let better: MadeBlock;
/** `better` as trained, at T + 100 (the threshold's floor). */
let best: MadeBlock;
const tx = transfer(alice, bob.address, 10n, 1n, 0);
const otherTx = transfer(bob, alice.address, 10n, 1n, 0);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-chain-'));
  const make = (nonce: bigint, txs: Transaction[]) =>
    makeBlock(rules, genesisBlock(config).header, genesisState(config), { timestamp: T + 100, nonce, txs, epochs: 1 });
  const score = (b: MadeBlock) => b.block.header.score.correct;
  const nonces = [1n, 2n, 3n, 4n];
  worse = (await Promise.all(nonces.map((n) => make(n, [tx])))).reduce((a, b) => (score(b) < score(a) ? b : a));
  best = (await Promise.all(nonces.map((n) => make(n, [otherTx])))).reduce((a, b) => (score(b) > score(a) ? b : a));
  assert.ok(score(worse) < score(best), 'the fixture needs two different scores');
  // The better model, submitted as soon as the falling threshold reached its score: it cleared a higher threshold
  // than `worse` (at the floor), so it is the heavier block. (The timestamp is not part of the work hash or state.)
  better = { ...best, block: { ...best.block, header: { ...best.block.header, timestamp: earliest(best) } } };
});

/** The first second at which the tiny problem's threshold (100% falling 1 point a second) reaches the block's score. */
function earliest(made: MadeBlock): number {
  return timeToReach(rules.problem.threshold, genesisBlock(config).header, scoreBp(made.block.header.score));
}
after(() => rm(dir, { recursive: true, force: true }));

async function openManager(name: string, mempool?: Mempool, r = rules): Promise<ChainManager> {
  const store = await ChainStore.open(join(dir, name), config).catch(() => ChainStore.create(join(dir, name), config));
  const manager = new ChainManager(store, new ObjectStore(join(dir, `${name}-models`)), r, evaluate, mempool);
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
      const made = await makeBlock(rules, m.head, m.store.state, { timestamp: T + 100 * i, nonce: BigInt(i), seed: i });
      assert.deepEqual(await submit(m, made), { status: 'head', reverted: 0 });
      assert.equal(m.head.height, i);
      assert.deepEqual(await submit(m, made), { status: 'known' });
    }
    await m.store.close();
  });

  test("remembers each accepted block's verification: its samples, and whether a peer sent it", async () => {
    const m = await openManager('verification');
    assert.equal(m.verification(blockHash(m.head)), undefined, 'genesis was not verified by this run');
    await m.models.put(worse.file);
    assert.equal((await m.submit(worse.block, T + 100, 'peer-a')).status, 'head');
    const received = m.verification(blockHash(worse.block.header))!;
    assert.equal(received.received, true);
    assert.ok(received.ms >= 0);
    assert.ok(received.samples > 0 && received.samples <= rules.validation.count, `${received.samples} samples`);
    assert.equal((await submit(m, better)).status, 'head');
    const own = m.verification(blockHash(better.block.header))!;
    assert.equal(own.received, false, 'submitted without a sender: mined here');
    assert.ok(own.samples > 0);
    await m.store.close();
  });

  test('fork choice takes the better sibling and reorganises, returning transactions to the mempool', async () => {
    const pool = new Mempool(params, { maxTxs: 100, maxPerSender: 10 });
    const m = await openManager('fork', pool);
    pool.add(tx, m.store.state, m.store.head.height + 1);
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

  test('a block from the future is held, then accepted when its time comes', async () => {
    const m = await openManager('future');
    const made = await makeBlock(rules, m.head, m.store.state, { timestamp: T + 100, nonce: 1n });
    assert.deepEqual(await submit(m, made, T + 97), { status: 'held', until: T + 98 });
    assert.equal(m.head.height, 0);
    assert.equal(m.nextRelease(), T + 98);
    assert.equal(await m.releaseHeld(T + 97), 0);
    assert.equal(await m.releaseHeld(T + 98), 1);
    assert.equal(m.nextRelease(), undefined);
    assert.equal(hex(m), hashOf(made));
    await m.store.close();
  });

  test('a side block whose state transition fails is refused on arrival, whatever the head', async () => {
    const m = await openManager('invalid');
    await submit(m, worse);
    // The better sibling with a state root that its execution does not give: its proof of work is fine, but it is
    // executed on its own parent's state before it is stored (and so before it could be relayed).
    const broken = {
      ...better,
      block: { ...better.block, header: { ...better.block.header, stateRoot: new Uint8Array(32) } },
    };
    await assert.rejects(submit(m, broken), isCode('state-root-mismatch'));
    assert.equal(await m.store.meta(blockHash(broken.block.header)), undefined, 'not stored');
    assert.equal(hex(m), hashOf(worse));
    // A lighter side block with a bad root (on a parent off the head) is refused the same way.
    const child = await makeBlock(rules, worse.block.header, worse.state, { timestamp: T + 200, nonce: 1n, seed: 1 });
    assert.equal((await submit(m, child)).status, 'head');
    const side = await makeBlock(rules, worse.block.header, worse.state, { timestamp: T + 250, nonce: 2n, seed: 2 });
    const badSide = {
      ...side,
      block: { ...side.block, header: { ...side.block.header, stateRoot: new Uint8Array(32) } },
    };
    await assert.rejects(submit(m, badSide), isCode('state-root-mismatch'));
    assert.equal((await submit(m, side)).status, 'side', 'the same block with its true root is a valid side block');
    await m.store.close();
  });

  test('a database left mid-reorganisation reopens at a consistent head and settles on the best chain', async () => {
    let m = await openManager('killed');
    await submit(m, better);
    await submit(m, worse);
    const next = await makeBlock(rules, m.head, m.store.state, { timestamp: T + 200, nonce: 7n, seed: 7 });
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

/** A block on `parent` carrying an existing `model` under another nonce (the attacker's copy). */
function withModel(
  parent: BlockHeader,
  state: State,
  model: Model,
  o: { timestamp: number; nonce: bigint },
): MadeBlock {
  return blockWithModel(rules, parent, state, model, o);
}

/** The first nonce from `from` whose work hash on `parent` derives `phenotype` (the attacker's grinding). */
function grindNonce(parent: BlockHeader, phenotype: string, from: bigint): bigint {
  for (let nonce = from; ; nonce++) {
    const d = deriveArchitecture(rules, {
      parentHash: blockHash(parent),
      txRoot: txRoot([]),
      miner: miner.address,
      nonce,
    });
    if (d.phenotype === phenotype) return nonce;
  }
}

const isCode = (code: string) => (e: unknown) => e instanceof BlockError && e.code === code;

// The attacks of "Proof of useful work v2", as an attacker would mount them; each passed the old rules.
describe('attacks on the chain', () => {
  test('reuse of one model: the same weights two blocks later (not a sibling) are a duplicate-model', async () => {
    const m = await openManager('reuse');
    const first = await makeBlock(rules, m.head, m.store.state, { timestamp: T + 100, nonce: 1n });
    assert.equal((await submit(m, first)).status, 'head');
    const between = await makeBlock(rules, m.head, m.store.state, { timestamp: T + 200, nonce: 2n, seed: 2 });
    assert.equal((await submit(m, between)).status, 'head');
    // Grind nonces on the new head until it derives the first block's phenotype, then put the first model in.
    const nonce = grindNonce(m.head, first.model.phenotype, 100n);
    const copy = withModel(m.head, m.store.state, first.model, { timestamp: T + 300, nonce });
    await assert.rejects(submit(m, copy), isCode('duplicate-model'));
    assert.equal(m.head.height, 2);
    // The copy on a side branch is caught on arrival too, executed on its own parent's state: on the first block,
    // mined early enough to outweigh `between` (at the floor).
    const parent = first.block.header;
    const sideNonce = grindNonce(parent, first.model.phenotype, 100n);
    const claimed = withModel(parent, first.state, first.model, { timestamp: parent.timestamp + 1, nonce: sideNonce })
      .block.header.score;
    const timestamp = timeToReach(rules.problem.threshold, parent, scoreBp(claimed));
    assert.ok(timestamp < T + 190, 'the copy must clear a higher threshold than the floor');
    const sideCopy = withModel(parent, first.state, first.model, { timestamp, nonce: sideNonce });
    await assert.rejects(submit(m, sideCopy), isCode('duplicate-model'));
    assert.equal(await m.store.meta(blockHash(sideCopy.block.header)), undefined);
    assert.equal(hex(m), hashOf(between));
    await m.store.close();
  });

  test('copies split the network no more: two nodes seeing X and its copy X\u2032 in opposite orders end on one head', async () => {
    const g = genesisBlock(config).header;
    const x = await makeBlock(rules, g, genesisState(config), { timestamp: T + 100, nonce: 1n });
    // X′: the same weights under another nonce that derives the same phenotype, at the same time: as heavy as X.
    const x2 = withModel(g, genesisState(config), x.model, {
      timestamp: T + 100,
      nonce: grindNonce(g, x.model.phenotype, 2n),
    });
    assert.notEqual(hashOf(x), hashOf(x2));
    const a = await openManager('split-a');
    const b = await openManager('split-b');
    const quiet = (p: Promise<unknown>) => p.catch(() => undefined);
    await quiet(submit(a, x));
    await quiet(submit(a, x2));
    await quiet(submit(b, x2));
    await quiet(submit(b, x));
    // Equal weight keeps the tip seen first: each node stays on its first block.
    assert.equal(hex(a), hashOf(x));
    assert.equal(hex(b), hashOf(x2));
    // A child of X settles it on both nodes.
    const child = await makeBlock(rules, x.block.header, x.state, { timestamp: T + 200, nonce: 3n, seed: 3 });
    await quiet(submit(a, child));
    await quiet(submit(b, child));
    assert.equal(hex(a), hashOf(child));
    assert.equal(hex(b), hashOf(child));
    assert.deepEqual(b.store.state.root(), a.store.state.root());
    await a.store.close();
    await b.store.close();
  });

  test('a far-future block is refused: not stored, not held', async () => {
    const m = await openManager('far-future');
    const made = await makeBlock(rules, m.head, m.store.state, { timestamp: T + 100, nonce: 1n });
    await assert.rejects(submit(m, made, T + 95), isCode('timestamp-far-future'));
    assert.equal(await m.store.meta(blockHash(made.block.header)), undefined);
    assert.equal(m.nextRelease(), undefined);
    assert.equal(await m.releaseHeld(T + 100), 0);
    assert.equal(m.head.height, 0);
    // Not marked invalid: once the clock has caught up the same block is accepted.
    assert.equal((await submit(m, made, T + 100)).status, 'head');
    await m.store.close();
  });

  test('fork choice weighs the threshold cleared, not the claimed score', async () => {
    const m = await openManager('by-work');
    // `best` claims the higher score but was mined late, at the floor; `worse` cleared a higher threshold.
    const late = best;
    const early = {
      ...worse,
      block: { ...worse.block, header: { ...worse.block.header, timestamp: earliest(worse) } },
    };
    assert.ok(
      early.block.header.timestamp < T + 90 && scoreBp(late.block.header.score) > scoreBp(early.block.header.score),
    );
    assert.equal((await submit(m, late)).status, 'head');
    assert.deepEqual(await submit(m, early), { status: 'head', reverted: 1 });
    assert.equal(hex(m), hashOf(early));
    await m.store.close();
  });

  test('a reorganisation deeper than maxReorgDepth is refused', async () => {
    const shallow = { ...rules, params: { ...rules.params, maxReorgDepth: 2 } };
    const m = await openManager('deep', undefined, shallow);
    const main: MadeBlock[] = [];
    for (let i = 1; i <= 3; i++) {
      main.push(
        await makeBlock(shallow, m.head, m.store.state, {
          timestamp: T + 100 * i,
          nonce: BigInt(i),
          seed: i,
          epochs: 1,
        }),
      );
      assert.equal((await submit(m, main[i - 1])).status, 'head');
    }
    // A rival branch from genesis (3 blocks below the head) is refused however heavy: here it clears a higher
    // threshold than the main chain's first block.
    const rival = { ...better, block: { ...better.block, header: { ...better.block.header } } };
    await assert.rejects(submit(m, rival), isCode('reorg-too-deep'));
    assert.equal(await m.store.meta(blockHash(rival.block.header)), undefined);
    // A branch from height 1 (2 below the head) is still allowed.
    const side = await makeBlock(shallow, main[0].block.header, main[0].state, {
      timestamp: T + 250,
      nonce: 9n,
      seed: 9,
      epochs: 1,
    });
    assert.ok(['side', 'head'].includes((await submit(m, side)).status));
    await m.store.close();
  });
});
