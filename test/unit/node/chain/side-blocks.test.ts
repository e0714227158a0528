// Side blocks checked like main blocks, branch checks from stored meta, and bounded holding and cleanup, each
// mounted as the attacker would: a side block with a bad signature or state root, a long side branch extended
// block by block, a peer filling the held set, and a hundred refused blocks each bringing its own model file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlockError, type BlockErrorCode } from '../../../../src/chain/errors.js';
import { blockHash, type BlockHeader } from '../../../../src/chain/header.js';
import { txRoot } from '../../../../src/chain/block.js';
import type { State } from '../../../../src/chain/state.js';
import { genesisBlock, genesisState } from '../../../../src/consensus/genesis.js';
import { scoreBp } from '../../../../src/consensus/score.js';
import { timeToReach } from '../../../../src/consensus/threshold.js';
import { ChainManager, type HeldLimits } from '../../../../src/node/chain/chain-manager.js';
import { ChainStore } from '../../../../src/node/db/chain-store.js';
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import { blockFault } from '../../../../src/node/sync/peer-faults.js';
import { alice, bob, transfer } from '../../../helpers/chain/fixtures.js';
import {
  evaluate,
  makeBlock,
  randomBlock,
  tinyConfig,
  tinyRules,
  withHeader,
  type MadeBlock,
} from '../../consensus/pouw-fixtures.js';

const config = tinyConfig();
const rules = tinyRules(config);
const T = config.timestamp;
const g = { header: genesisBlock(config).header, state: genesisState(config) };
let dir: string;
let opened = 0;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-side-'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function openManager(held?: HeldLimits) {
  const name = `m${opened++}`;
  const store = await ChainStore.create(join(dir, name), config);
  const modelDir = join(dir, `${name}-models`);
  const manager = new ChainManager(store, new ObjectStore(modelDir), rules, evaluate, undefined, { held });
  return { manager, modelDir };
}

async function submit(m: ChainManager, made: MadeBlock, now = made.block.header.timestamp, from?: string) {
  await m.models.put(made.file);
  return m.submit(made.block, now, from);
}

const isCode = (code: BlockErrorCode) => (e: unknown) => e instanceof BlockError && e.code === code;
/** Model files in the directory; a Merkle tree file is only ever beside its model file. */
async function files(modelDir: string): Promise<number> {
  const names = await readdir(modelDir).catch(() => []);
  const models = names.filter((n) => n.endsWith('.cai'));
  for (const tree of names.filter((n) => n.endsWith('.tree')))
    assert.ok(models.includes(tree.replace(/\.tree$/, '.cai')), `${tree} without its model file`);
  return models.length;
}

/**
 * A block on `parent` timed as soon as the falling threshold reaches its score (heavy: it clears the highest bar
 * it can); the timestamp is not part of the work hash or the state, so the trained block is only re-stamped.
 */
async function heavy(parent: BlockHeader, state: State, nonce: bigint, seed: number, r = rules): Promise<MadeBlock> {
  const made = await makeBlock(r, parent, state, { timestamp: parent.timestamp + 100, nonce, seed, epochs: 1 });
  const timestamp = timeToReach(r.problem.threshold, parent, scoreBp(made.block.header.score));
  return { ...made, block: withHeader(made.block, { timestamp: Math.max(parent.timestamp + 1, timestamp) }) };
}

/** A main chain of `n` heavy blocks on the head. */
async function mainChain(m: ChainManager, n: number): Promise<MadeBlock[]> {
  const out: MadeBlock[] = [];
  for (let i = 1; i <= n; i++) {
    const made = await heavy(m.head, m.store.state, BigInt(100 + i), i);
    assert.equal((await submit(m, made)).status, 'head');
    out.push(made);
  }
  return out;
}

describe('side blocks are checked like main blocks', () => {
  test('a side block with a bad transaction signature is refused before its model is fetched', async () => {
    const { manager } = await openManager();
    await mainChain(manager, 1);
    // A valid side block on genesis with a transfer, then the same block with the signature broken (the forger
    // recomputes the transaction root so that the body matches the header).
    const tx = transfer(alice, bob.address, 10n, 1n, 0);
    const made = await makeBlock(rules, g.header, g.state, { timestamp: T + 100, nonce: 7n, txs: [tx], epochs: 1 });
    const forged = { ...tx, signature: Uint8Array.from(tx.signature, (b, i) => (i === 0 ? b ^ 1 : b)) };
    const bad = { ...made.block, txs: [forged], header: { ...made.block.header, txRoot: txRoot([forged]) } };
    await assert.rejects(manager.precheck(bad, T + 100), (e: unknown) => {
      assert.ok(isCode('bad-signature')(e), String(e));
      assert.equal((e as BlockError).txIndex, 0);
      assert.ok(blockFault(e), 'the sender’s fault');
      return true;
    });
    assert.equal((await submit(manager, made)).status, 'side', 'the honest side block is accepted');
    await manager.store.close();
  });

  test('a long side branch costs the same meta reads per block, however long it grows', async () => {
    const { manager } = await openManager();
    await mainChain(manager, 2);
    let reads = 0;
    const meta = manager.store.meta.bind(manager.store);
    manager.store.meta = (hash) => (reads++, meta(hash));
    // A side branch from genesis at the floor (light), one block at a time: never the head.
    const perBlock: number[] = [];
    let parent: BlockHeader = g.header;
    let state = g.state;
    for (let i = 1; i <= 6; i++) {
      const made = await makeBlock(rules, parent, state, { timestamp: T + 100 * i, nonce: BigInt(i), seed: 10 + i });
      reads = 0;
      assert.equal((await submit(manager, made)).status, 'side');
      perBlock.push(reads);
      parent = made.block.header;
      state = made.state;
    }
    assert.ok(
      perBlock.every((r) => r === perBlock[0]),
      `meta reads per submit: ${perBlock.join(', ')}`,
    );
    const tip = (await meta(blockHash(parent)))!;
    assert.equal(tip.forkHeight, 0, 'the branch leaves the main chain at genesis');
    await manager.store.close();
  });
});

test('a parent takes at most 8 children: a ninth sibling is refused before its model is fetched', async () => {
  const { manager } = await openManager();
  const siblings: MadeBlock[] = [];
  for (let i = 0; i < 9; i++)
    siblings.push(await makeBlock(rules, g.header, g.state, { timestamp: T + 100, nonce: BigInt(500 + i), epochs: 1 }));
  for (const made of siblings.slice(0, 8)) await submit(manager, made);
  const ninth = siblings[8];
  await assert.rejects(manager.precheck(ninth.block, T + 100), isCode('too-many-siblings'));
  await assert.rejects(submit(manager, ninth), isCode('too-many-siblings'));
  await manager.store.close();
});

test('refusals relative to this node are nobody’s fault; a failed state transition, side block or not, is', () => {
  const relative: BlockErrorCode[] = [
    'timestamp-from-the-future',
    'branch-too-light',
    'too-many-siblings',
    'model-missing',
  ];
  for (const code of relative) assert.equal(blockFault(new BlockError(code, 'x')), undefined, code);
  for (const code of ['state-root-mismatch', 'duplicate-model', 'bad-nonce', 'bad-signature'] as const)
    assert.ok(blockFault(new BlockError(code, 'x')), code);
});

describe('bounded holding and cleanup', () => {
  test('the held set is capped per peer, by model bytes and by count; a refusal is nobody’s fault', async () => {
    const made = await makeBlock(rules, g.header, g.state, { timestamp: T + 100, nonce: 1n, epochs: 1 });
    const size = made.block.header.modelSize;
    const { manager } = await openManager({ blocks: 4, bytes: 3 * size, perPeer: 2 });
    const early = (dt: number) => ({ ...made, block: withHeader(made.block, { timestamp: T + 100 + dt }) });
    const hold = (dt: number, from: string) => submit(manager, early(dt), T + 97 + dt, from);
    const notHeld = (why: RegExp) => (e: unknown) => {
      assert.ok(isCode('timestamp-from-the-future')(e) && why.test((e as BlockError).message), String(e));
      assert.equal(blockFault(e), undefined, 'the sender is not to blame');
      return true;
    };
    assert.equal((await hold(0, 'p1')).status, 'held');
    assert.equal((await hold(1, 'p1')).status, 'held');
    await assert.rejects(hold(2, 'p1'), notHeld(/for this peer/));
    assert.equal((await hold(3, 'p2')).status, 'held');
    await assert.rejects(hold(4, 'p3'), notHeld(/would pass/));
    assert.deepEqual(manager.heldSize, { blocks: 3, bytes: 3 * size });
    // The blocks arrive at their time: the first is the head, the others siblings; the set empties.
    assert.equal(await manager.releaseHeld(T + 110), 3);
    assert.deepEqual(manager.heldSize, { blocks: 0, bytes: 0 });
    await manager.store.close();

    const byCount = (await openManager({ blocks: 2, bytes: 100 * size, perPeer: 100 })).manager;
    assert.equal((await submit(byCount, early(0), T + 97)).status, 'held');
    assert.equal((await submit(byCount, early(1), T + 98)).status, 'held');
    await assert.rejects(submit(byCount, early(2), T + 99), notHeld(/2 blocks are held/));
    await byCount.store.close();
  });

  test('the model directory stays bounded: refused, far-future and held-then-dropped blocks leave no file', async () => {
    const { manager, modelDir } = await openManager();
    // A hundred blocks with random weights, each its own model, claiming a perfect score: refused one by one.
    for (let i = 0; i < 100; i++) {
      const bogus = randomBlock(rules, g.header, g.state, { timestamp: T + 1, nonce: BigInt(i), seed: i + 1 });
      await assert.rejects(submit(manager, bogus), isCode('score-mismatch'));
    }
    assert.equal(await files(modelDir), 0, 'no refused model is kept');
    // Far in the future: refused, its file gone. Near: held, then refused at its time (its parent timestamp rule
    // is fine, its claim is not), its file gone.
    const far = randomBlock(rules, g.header, g.state, { timestamp: T + 50, nonce: 500n, seed: 500 });
    await assert.rejects(submit(manager, far, T + 10), isCode('timestamp-far-future'));
    const near = randomBlock(rules, g.header, g.state, { timestamp: T + 3, nonce: 501n, seed: 501 });
    assert.equal((await submit(manager, near, T)).status, 'held');
    assert.equal(await files(modelDir), 1, 'a held block keeps its model');
    assert.equal(await manager.releaseHeld(T + 3), 0);
    assert.equal(await files(modelDir), 0);
    // An honest block keeps its model, even when a bogus claim on the same model is refused.
    const honest = await makeBlock(rules, g.header, g.state, { timestamp: T + 100, nonce: 1n, epochs: 1 });
    assert.equal((await submit(manager, honest)).status, 'head');
    const lie = withHeader(honest.block, { timestamp: T + 101, score: { correct: 64, total: 64 } });
    await assert.rejects(submit(manager, { ...honest, block: lie }), isCode('score-mismatch'));
    assert.equal(await files(modelDir), 1);
    await manager.store.close();
  });

  test('opening sweeps the model files a stopped node left for held blocks', async () => {
    const { manager, modelDir } = await openManager();
    const honest = await makeBlock(rules, g.header, g.state, { timestamp: T + 100, nonce: 1n, epochs: 1 });
    assert.equal((await submit(manager, honest)).status, 'head');
    const near = randomBlock(rules, honest.block.header, honest.state, { timestamp: T + 103, nonce: 9n, seed: 9 });
    assert.equal((await submit(manager, near, T + 100)).status, 'held');
    assert.equal(await files(modelDir), 2);
    // Stopped with the block held: its file stays on disk until the chain is opened again.
    const at = join(dir, `m${opened - 1}`);
    await manager.store.close();
    const reopened = new ChainManager(await ChainStore.open(at, config), new ObjectStore(modelDir), rules, evaluate);
    assert.equal(await reopened.sweepModels(), 1);
    assert.equal(await files(modelDir), 1, 'the head’s model stays');
    assert.ok(await reopened.models.get(honest.block.header.modelRoot));
    await reopened.store.close();
  });

  test('a model in use by an import in progress survives the refusal of another block with the same model', async () => {
    const { manager, modelDir } = await openManager();
    const honest = await makeBlock(rules, g.header, g.state, { timestamp: T + 100, nonce: 1n, epochs: 1 });
    const lie = withHeader(honest.block, { timestamp: T + 99, score: { correct: 64, total: 64 } });
    const release = manager.useModel(honest.block.header.modelRoot);
    await assert.rejects(submit(manager, { ...honest, block: lie }), isCode('score-mismatch'));
    assert.equal(await files(modelDir), 1, 'kept while the honest import holds it');
    assert.equal((await manager.submit(honest.block, T + 100, 'p')).status, 'head');
    release();
    await manager.submit(honest.block, T + 100); // waits for the discard the release queued
    assert.equal(await files(modelDir), 1, 'the stored block needs it');
    await manager.store.close();
  });

  test('side branches that fall below the finality depth are pruned with their model files', async () => {
    const shallow = { ...rules, params: { ...rules.params, maxReorgDepth: 2 } };
    const name = `m${opened++}`;
    const modelDir = join(dir, `${name}-models`);
    const store = await ChainStore.create(join(dir, name), config);
    const m = new ChainManager(store, new ObjectStore(modelDir), shallow, evaluate);
    const first = await heavy(g.header, g.state, 1n, 1, shallow);
    assert.equal((await submit(m, first)).status, 'head');
    const side = await makeBlock(shallow, g.header, g.state, { timestamp: T + 100, nonce: 2n, seed: 2, epochs: 1 });
    assert.equal((await submit(m, side)).status, 'side');
    assert.equal(await files(modelDir), 2);
    for (let i = 2; i <= 3; i++) {
      const made = await heavy(m.head, m.store.state, BigInt(i + 10), i, shallow);
      assert.equal((await submit(m, made)).status, 'head');
    }
    // Head at 3, limit 2: the branch leaving at genesis can no longer be chosen.
    assert.equal(await m.store.meta(blockHash(side.block.header)), undefined, 'pruned');
    assert.equal(await files(modelDir), 3, 'the main chain’s three models are left');
    await m.store.close();
  });
});

describe('fork heights in the store', () => {
  test('kept exact across a reorganisation and a restart', async () => {
    const { manager } = await openManager();
    const [a1] = await mainChain(manager, 1);
    // b1 (at the floor), b2 on genesis: lighter than a1 alone, heavier together: a reorganisation onto them.
    const b1 = await makeBlock(rules, g.header, g.state, { timestamp: T + 100, nonce: 5n, seed: 5, epochs: 1 });
    assert.equal((await submit(manager, b1)).status, 'side');
    const b2 = await heavy(b1.block.header, b1.state, 7n, 7);
    const outcome = await submit(manager, b2);
    assert.deepEqual(outcome, { status: 'head', reverted: 1 });
    const fork = async (made: MadeBlock) => (await manager.store.meta(blockHash(made.block.header)))!.forkHeight;
    assert.deepEqual([await fork(a1), await fork(b1), await fork(b2)], [0, 1, 2]);
    await manager.store.close();
    const reopened = await ChainStore.open(join(dir, `m${opened - 1}`), config);
    assert.equal((await reopened.meta(blockHash(a1.block.header)))!.forkHeight, 0);
    await reopened.close();
  });
});
