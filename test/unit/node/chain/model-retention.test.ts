// Model files on a node that is not their keeper: a block's file stays while the block is the head, then only in
// the byte-bounded LRU cache or when wanted (assigned, a data-set file); side blocks keep theirs until pruned.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '../../../../src/codec/hex.js';
import { ChainManager } from '../../../../src/node/chain/chain-manager.js';
import { ChainStore } from '../../../../src/node/db/chain-store.js';
import { ModelCache } from '../../../../src/node/models/model-cache.js';
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import { genesis, evaluate, makeBlock, tinyConfig, tinyRules, type MadeBlock } from '../../consensus/pouw-fixtures.js';

const config = tinyConfig();
const rules = tinyRules(config);
const g = genesis(config);
let dir: string;
/** Five blocks on genesis, and one side block on block 3: trained once, submitted to every manager. */
let main: MadeBlock[];
let side: MadeBlock | undefined;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-retain-'));
  main = [];
  let parent = g;
  for (let i = 1; i <= 5; i++) {
    const made = await makeBlock(rules, parent.header, parent.state, {
      timestamp: config.timestamp + 100 * i,
      nonce: BigInt(i),
      epochs: 1,
    });
    main.push(made);
    parent = { header: made.block.header, state: made.state };
  }
  const at3 = main[2];
  // A side block that clears the floor: the first nonce whose one-epoch model does.
  for (let nonce = 77n; !side; nonce++) {
    const made = await makeBlock(rules, at3.block.header, at3.state, {
      timestamp: at3.block.header.timestamp + 100,
      nonce,
      epochs: 1,
    });
    const { correct, total } = made.block.header.score;
    if (correct * 10_000 >= rules.problem.threshold.floorBp * total) side = made;
  }
});
after(() => rm(dir, { recursive: true, force: true }));

let opened = 0;
async function manager(modelCache: number | undefined, wanted?: (root: Uint8Array) => boolean) {
  const name = `m${opened++}`;
  const store = await ChainStore.create(join(dir, name), config);
  const m = new ChainManager(store, new ObjectStore(join(dir, `${name}-models`)), rules, evaluate, undefined, {
    ...(modelCache !== undefined && { modelCache }),
  });
  if (wanted) m.wantModels(wanted);
  return { m, at: join(dir, name), models: join(dir, `${name}-models`) };
}

async function submit(m: ChainManager, made: MadeBlock) {
  await m.models.put(made.file);
  return m.submit(made.block, made.block.header.timestamp + 1);
}

/** Which of the main blocks' files (1-based heights) are stored. */
const held = (m: ChainManager) => main.flatMap((made, i) => (m.models.has(made.block.header.modelRoot) ? [i + 1] : []));
const size = (height: number) => main[height - 1].file.length;

describe('the model cache', () => {
  test('holds files up to its bytes, evicting the least recently used first; 0 holds nothing', () => {
    const c = new ModelCache(10);
    assert.deepEqual(c.add('a', 4), []);
    assert.deepEqual(c.add('b', 4), []);
    assert.deepEqual(c.add('a', 4), [], 'refreshed, not doubled');
    assert.deepEqual(c.add('c', 4), ['b']);
    assert.equal(c.bytes, 8);
    assert.deepEqual(c.add('d', 11), ['a', 'c', 'd'], 'a file larger than the cache is not kept');
    assert.equal(c.bytes, 0);
    assert.deepEqual(new ModelCache(0).add('a', 1), ['a']);
    assert.throws(() => new ModelCache(-1), RangeError);
  });
});

describe('model retention on a chain manager', () => {
  test('without a cache every stored block keeps its file (the full node of before)', async () => {
    const { m } = await manager(undefined);
    for (const made of main) assert.equal((await submit(m, made)).status, 'head');
    assert.deepEqual(held(m), [1, 2, 3, 4, 5]);
    await m.store.close();
  });

  test('with a cache the head keeps its file and the blocks below it fill the cache, newest kept', async () => {
    // Room for blocks 3 and 4 exactly: the cache holds the most recent files below the head.
    const { m } = await manager(size(3) + size(4));
    for (const made of main) assert.equal((await submit(m, made)).status, 'head');
    assert.deepEqual(held(m), [3, 4, 5]);
    assert.equal(m.cachedBytes, size(3) + size(4));
    await m.store.close();
  });

  test('cache 0 keeps the head only, and what the node wants', async () => {
    const wantedRoot = toHex(main[1].block.header.modelRoot);
    const { m, at, models } = await manager(0, (root) => toHex(root) === wantedRoot);
    for (const made of main) assert.equal((await submit(m, made)).status, 'head');
    assert.deepEqual(held(m), [2, 5]);
    // A side block keeps its file until its branch is pruned, though the cache holds nothing.
    assert.equal((await submit(m, side!)).status, 'side');
    assert.ok(m.models.has(side!.block.header.modelRoot));
    // Reopened with a larger cache, the sweep keeps what the cache now takes and what blocks need.
    await m.store.close();
    const store = await ChainStore.open(at, config);
    const reopened = new ChainManager(store, new ObjectStore(models), rules, evaluate, undefined, { modelCache: 0 });
    assert.equal(await reopened.sweepModels(), 1, 'block 2 is no longer wanted: its file goes');
    assert.deepEqual(held(reopened), [5]);
    assert.ok(reopened.models.has(side!.block.header.modelRoot));
    await store.close();
  });

  test('a file released by the keeper goes unless the cache holds it', async () => {
    let wanted = true;
    const { m } = await manager(0, () => wanted);
    for (const made of main) await submit(m, made);
    assert.deepEqual(held(m), [1, 2, 3, 4, 5]);
    wanted = false;
    await m.releaseModel(main[0].block.header.modelRoot, size(1));
    assert.deepEqual(held(m), [2, 3, 4, 5]);
    await m.releaseModel(main[4].block.header.modelRoot, size(5));
    assert.deepEqual(held(m), [2, 3, 4, 5], 'the head keeps its file');
    await m.store.close();
  });

  test('a released file joins the cache, and wanted files take no room in it', async () => {
    let wanted = true;
    const { m } = await manager(size(1) + size(2), () => wanted);
    for (const made of main) await submit(m, made);
    assert.equal(m.cachedBytes, 0, 'every file is wanted: the cache is empty');
    wanted = false;
    await m.releaseModel(main[0].block.header.modelRoot, size(1));
    await m.releaseModel(main[1].block.header.modelRoot, size(2));
    assert.equal(m.cachedBytes, size(1) + size(2));
    assert.deepEqual(held(m), [1, 2, 3, 4, 5]);
    await m.releaseModel(main[2].block.header.modelRoot, size(3));
    assert.ok(!held(m).includes(1), 'the least recently released goes first');
    assert.ok(m.cachedBytes <= size(1) + size(2));
    await m.store.close();
  });
});
