// The verification flood against a node, as the attacker would mount it: the same stored model under new
// timestamps, an invalid block sent again and again, headers no model can satisfy, and many bogus blocks gossiped at
// once. None may cost the node an evaluation (or a download) twice, nor more than one evaluation at a time per
// peer, nor starve sync's blocks; evaluations and chunk requests are counted, never timed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Block } from '../../../../src/chain/block.js';
import { BlockError, type BlockErrorCode } from '../../../../src/chain/errors.js';
import type { BlockHeader } from '../../../../src/chain/header.js';
import { genesisBlock, genesisState } from '../../../../src/consensus/genesis.js';
import { toHex } from '../../../../src/codec/hex.js';
import { correctCount } from '../../../../src/ml/eval/score.js';
import { evaluateSplit } from '../../../../src/ml/eval/evaluate.js';
import { exactEvaluate } from '../../../../src/consensus/score-check.js';
import type { Evaluate } from '../../../../src/consensus/verify-block.js';
import { EvalWorkerCrashed, OrderedEvalPool } from '../../../../src/ml/eval-pool/ordered-pool.js';
import { NodeCounters } from '../../../../src/node/api/counters.js';
import { ChainManager } from '../../../../src/node/chain/chain-manager.js';
import { poolEvaluate } from '../../../../src/node/chain/open-chain.js';
import { ChainStore } from '../../../../src/node/db/chain-store.js';
import { ModelServer } from '../../../../src/node/models/model-server.js';
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import type { Network } from '../../../../src/node/p2p/network.js';
import {
  BlockImporter,
  DEFAULT_VERIFY_QUEUE,
  VerificationDropped,
  type VerifyQueueLimits,
} from '../../../../src/node/sync/block-import.js';
import { blockFault } from '../../../../src/node/sync/peer-faults.js';
import {
  countingEvaluate,
  FLOOD_SAMPLES,
  floodRules,
  makeBlock,
  randomBlock,
  type MadeBlock,
} from '../../consensus/pouw-fixtures.js';
import { alice, bob, transfer } from '../../../helpers/chain/fixtures.js';

const { config, rules } = floodRules();
const T = config.timestamp;
const g = () => ({ header: genesisBlock(config).header, state: genesisState(config) });
let dir: string;
let honest: MadeBlock;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-flood-'));
  honest = await makeBlock(rules, g().header, g().state, { timestamp: T + 95 });
});
after(() => rm(dir, { recursive: true, force: true }));

let opened = 0;
type Counting = ReturnType<typeof countingEvaluate>;

async function openManager<E extends Evaluate = Counting>(
  evaluate = countingEvaluate(rules.validation) as unknown as E,
) {
  const name = `m${opened++}`;
  const store = await ChainStore.create(join(dir, name), config);
  const manager = new ChainManager(store, new ObjectStore(join(dir, `${name}-models`)), rules, evaluate);
  await manager.settle();
  return { manager, evaluate };
}

async function submit(m: ChainManager, made: { block: Block; file: Uint8Array }, now = made.block.header.timestamp) {
  await m.models.put(made.file);
  return m.submit(made.block, now);
}

const withHeader = (made: MadeBlock, h: Partial<BlockHeader>): MadeBlock => ({
  ...made,
  block: { ...made.block, header: { ...made.block.header, ...h } },
});
const isCode = (code: BlockErrorCode) => (e: unknown) => e instanceof BlockError && e.code === code;

describe('verification flood against the chain manager', () => {
  test('the same stored model under a new timestamp costs no evaluation', async () => {
    const { manager, evaluate } = await openManager();
    assert.equal((await submit(manager, honest)).status, 'head');
    assert.deepEqual([evaluate.calls, evaluate.samples], [1, FLOOD_SAMPLES], 'the honest block: one full count');
    // Siblings re-using the stored model at later seconds: valid side blocks, each answered from the cache.
    for (let dt = 1; dt <= 5; dt++) {
      const again = withHeader(honest, { timestamp: T + 95 + dt });
      assert.equal((await submit(manager, again)).status, 'side');
    }
    assert.equal(evaluate.calls, 1);
    await manager.store.close();
  });

  test('random weights claiming a perfect score: refused after a batch, and the same model again costs nothing', async () => {
    const { manager, evaluate } = await openManager();
    const bogus = randomBlock(rules, g().header, g().state, { timestamp: T + 1 });
    await assert.rejects(submit(manager, bogus), isCode('score-mismatch'));
    assert.deepEqual([evaluate.calls, evaluate.samples], [1, 64]);
    // The flooder's cheap variants: a new timestamp each (a new block hash, the same model, no refetch).
    for (let dt = 2; dt <= 20; dt++) {
      await assert.rejects(submit(manager, withHeader(bogus, { timestamp: T + dt })), isCode('score-mismatch'));
    }
    assert.equal(evaluate.calls, 1, 'the cached partial count contradicts every later perfect claim');
    // A new claim the partial count does not decide (still above the threshold): one full count, then never again.
    const truth = correctCount(evaluateSplit(bogus.model, rules.validation));
    const claims = [truth + 1, truth + 2, truth - 1, truth + 3];
    for (const [i, correct] of claims.entries()) {
      const lie = withHeader(bogus, { timestamp: T + 90 + i, score: { correct, total: FLOOD_SAMPLES } });
      await assert.rejects(submit(manager, lie), isCode('score-mismatch'));
    }
    assert.deepEqual([evaluate.calls, evaluate.samples], [2, 64 + FLOOD_SAMPLES]);
    assert.equal(manager.head.height, 0);
    await manager.store.close();
  });

  test('an invalid block sent twice is refused the second time without verification', async () => {
    const { manager, evaluate } = await openManager();
    const bogus = randomBlock(rules, g().header, g().state, { timestamp: T + 1, seed: 5 });
    await assert.rejects(submit(manager, bogus), isCode('score-mismatch'));
    let reads = 0;
    const get = manager.models.get.bind(manager.models);
    manager.models.get = (root) => (reads++, get(root));
    for (let i = 0; i < 3; i++) {
      await assert.rejects(manager.submit(bogus.block, T + 1), (e: unknown) => {
        assert.ok(isCode('score-mismatch')(e) && /refused before/.test((e as BlockError).message));
        assert.ok(blockFault(e), 'still the peer’s fault');
        return true;
      });
      await assert.rejects(manager.precheck(bogus.block, T + 1), isCode('score-mismatch'));
    }
    assert.equal(reads, 0, 'the model file was not even read');
    assert.equal(evaluate.calls, 1);
    await manager.store.close();
  });

  test('refusals that are not the block’s own are not remembered: a garbled body, the clock, a missing model', async () => {
    const { manager } = await openManager();
    await assert.rejects(manager.submit(honest.block, T + 95), isCode('model-missing'));
    // The honest header with a transaction that is not its own: the honest block itself must still get in.
    const body = { ...honest.block, txs: [transfer(alice, bob.address, 10n, 1n, 0)] };
    await assert.rejects(submit(manager, { ...honest, block: body }), isCode('tx-root-mismatch'));
    await assert.rejects(submit(manager, honest, T + 80), isCode('timestamp-far-future'));
    assert.equal((await submit(manager, honest)).status, 'head');
    await manager.store.close();
  });
});

/** A node importing from peers that hold `files` (each counted by chunk requests); `banned` peers are banned. */
async function importer<E extends Evaluate = Counting>(
  files: Uint8Array[],
  o: { limits?: VerifyQueueLimits; evaluate?: E } = {},
) {
  const { manager, evaluate } = await openManager<E>(o.evaluate);
  const peerModels = new ObjectStore(join(dir, `peer-${opened}`));
  for (const f of files) await peerModels.put(f);
  const server = new ModelServer(peerModels);
  const requests = { chunks: 0 };
  const banned = new Set<string>();
  const network = {
    requestChunk: async (_peer: string, root: Uint8Array, index: number) => {
      requests.chunks++;
      return server.chunk({ root, index });
    },
    isBanned: (peer: string) => banned.has(peer),
  } as unknown as Network;
  const counters = new NodeCounters();
  const log = pino({ level: 'silent' });
  const imp = new BlockImporter(
    manager,
    () => network,
    counters,
    () => T + 95,
    log,
    o.limits,
  );
  return { manager, evaluate, requests, imp, counters, banned };
}

describe('verification flood against the importer: impossible headers cost no download', () => {
  test('a claim out of another total, a model size no file of its architecture has, or a claim under the threshold', async () => {
    const { manager, evaluate, requests, imp } = await importer([honest.file]);
    const lies: [Partial<BlockHeader>, BlockErrorCode][] = [
      [{ score: { correct: 100, total: 100 } }, 'wrong-score-total'],
      [{ score: { correct: FLOOD_SAMPLES, total: FLOOD_SAMPLES + 1 } }, 'wrong-score-total'],
      [{ modelSize: honest.block.header.modelSize + 4 }, 'wrong-model-size'],
      [{ modelSize: rules.problem.maxModelBytes }, 'wrong-model-size'],
      [{ modelSize: rules.problem.maxModelBytes + 1 }, 'model-too-large'],
      [{ score: { correct: 1, total: FLOOD_SAMPLES } }, 'score-below-threshold'],
    ];
    for (const [h, code] of lies) {
      await assert.rejects(imp.import(withHeader(honest, h).block, 'peer'), isCode(code), code);
    }
    assert.deepEqual([requests.chunks, evaluate.calls], [0, 0]);
    // The honest block: fetched (one chunk), verified in full, head.
    assert.equal((await imp.import(honest.block, 'peer')).status, 'head');
    assert.deepEqual([requests.chunks, evaluate.calls], [1, 1]);
    imp.stop();
    await manager.store.close();
  });

  test('an invalid block gossiped again is refused before its model is fetched', async () => {
    const bogus = randomBlock(rules, g().header, g().state, { timestamp: T + 1, seed: 6 });
    const { manager, evaluate, requests, imp } = await importer([bogus.file]);
    await assert.rejects(imp.import(bogus.block, 'peer'), isCode('score-mismatch'));
    assert.deepEqual([requests.chunks, evaluate.calls], [1, 1]);
    // Sent again (by this peer or another): refused from memory, nothing fetched, read or evaluated.
    await assert.rejects(imp.import(bogus.block, 'peer'), isCode('score-mismatch'));
    assert.deepEqual([requests.chunks, evaluate.calls], [1, 1]);
    imp.stop();
    await manager.store.close();
  });
});

/** Bogus blocks (random weights, a perfect claim), each its own model and timestamp: no cache answers any. */
const bogusBlocks = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) =>
    randomBlock(rules, g().header, g().state, { timestamp: T + 1 + from + i, seed: 100 + from + i }),
  );
const outcome = (r: PromiseSettledResult<unknown>) =>
  r.status === 'fulfilled' ? 'imported' : ((r.reason as { code?: string }).code ?? String(r.reason));

/** Polls `condition` (a sequencing aid, not a timed assertion). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; !condition(); i++) {
    if (i > 2000) throw new Error('condition never held');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('verification queue: bogus blocks gossiped at once', () => {
  test('one peer’s burst: one block in verification, two waiting, the rest dropped unevaluated and counted', async () => {
    const bogus = bogusBlocks(6);
    const { manager, evaluate, requests, imp, counters } = await importer(bogus.map((b) => b.file));
    const results = await Promise.allSettled(bogus.map((b) => imp.importGossiped(b.block, 'flooder')));
    assert.deepEqual(results.map(outcome), [
      ...Array<string>(1 + DEFAULT_VERIFY_QUEUE.perPeer).fill('score-mismatch'),
      ...Array<string>(5 - DEFAULT_VERIFY_QUEUE.perPeer).fill('peer-backlog-full'),
    ]);
    assert.ok(
      results.every(
        (r) => r.status === 'rejected' && !(r.reason instanceof VerificationDropped) === !!blockFault(r.reason),
      ),
      'a drop is nobody’s fault',
    );
    assert.deepEqual([evaluate.calls, requests.chunks, counters.snapshot().blocksDropped], [3, 3, 3]);
    // Its backlog judged, the peer's next block is taken again.
    await assert.rejects(imp.importGossiped(bogus[5].block, 'flooder'), isCode('score-mismatch'));
    assert.equal(evaluate.calls, 4);
    imp.stop();
    await manager.store.close();
  });

  test('blocks queued behind the one that got their sender banned are dropped unevaluated', async () => {
    const bogus = bogusBlocks(3, 10);
    const { manager, evaluate, requests, imp, banned } = await importer(bogus.map((b) => b.file));
    // As the gossip handler does: an invalid block bans its sender at once.
    const gossip = (b: MadeBlock) =>
      imp.importGossiped(b.block, 'flooder').catch((err: unknown) => {
        if (blockFault(err)) banned.add('flooder');
        throw err;
      });
    const results = await Promise.allSettled(bogus.map(gossip));
    assert.deepEqual(results.map(outcome), ['score-mismatch', 'sender-banned', 'sender-banned']);
    assert.deepEqual([evaluate.calls, requests.chunks], [1, 1]);
    imp.stop();
    await manager.store.close();
  });

  test('many peers at once: the queue holds at most `total` blocks, the rest are dropped', async () => {
    const bogus = bogusBlocks(5, 20);
    const limits = { ...DEFAULT_VERIFY_QUEUE, total: 3 };
    const { manager, evaluate, imp, counters } = await importer(
      bogus.map((b) => b.file),
      { limits },
    );
    const results = await Promise.allSettled(bogus.map((b, i) => imp.importGossiped(b.block, `flooder-${i}`)));
    assert.deepEqual(results.map(outcome), [
      'score-mismatch',
      'score-mismatch',
      'score-mismatch',
      'queue-full',
      'queue-full',
    ]);
    assert.deepEqual([evaluate.calls, counters.snapshot().blocksDropped], [3, 2]);
    imp.stop();
    await manager.store.close();
  });

  test('a flood from many peers does not starve sync: its block waits behind one gossiped evaluation, not all', async () => {
    // The first evaluation is held until every block is in the node, so the order of the rest shows who waited.
    const inner = exactEvaluate(rules.validation);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const gated: Evaluate = async (model, file, check) => {
      order.push(toHex(check.modelRoot));
      if (order.length === 1) await held;
      return inner(model, file, check);
    };
    const bogus = bogusBlocks(5, 30);
    const { manager, requests, imp } = await importer([...bogus.map((b) => b.file), honest.file], {
      evaluate: gated,
    });
    const flood = bogus.map((b, i) => imp.importGossiped(b.block, `flooder-${i}`).catch((e: unknown) => e));
    await until(() => order.length === 1 && requests.chunks === bogus.length);
    const synced = imp.import(honest.block, 'source');
    await until(() => requests.chunks === bogus.length + 1);
    await new Promise((r) => setTimeout(r, 50)); // every block past its fetch, at the chain or in the queue
    release();
    assert.equal((await synced).status, 'head');
    for (const err of await Promise.all(flood)) assert.ok(isCode('score-mismatch')(err));
    assert.equal(order.length, bogus.length + 1);
    assert.equal(order.indexOf(toHex(honest.block.header.modelRoot)), 1, 'evaluated right after the one in flight');
    imp.stop();
    await manager.store.close();
  });
});

describe('verification in a worker thread', () => {
  test('the same verdicts and samples as in-process; a crash is no verdict, and the block verifies after it', async () => {
    const pool = new OrderedEvalPool(rules.validation, 1);
    const inProcess = countingEvaluate(rules.validation);
    let crash = true;
    let samples = 0;
    const worker: Evaluate = async (model, file, check) => {
      // A crash as a real fault gives one: the worker thread dies on what it was sent.
      const m = await poolEvaluate(pool)(model, crash ? new Uint8Array([1, 2, 3]) : file, check);
      samples = m.evaluated;
      return m;
    };
    try {
      const a = await openManager(worker);
      const b = await openManager(inProcess);
      await assert.rejects(submit(a.manager, honest), EvalWorkerCrashed);
      await a.manager.precheck(honest.block, T + 95); // not remembered as invalid
      crash = false;
      assert.equal((await submit(a.manager, honest)).status, 'head');
      assert.equal((await submit(b.manager, honest)).status, 'head');
      assert.deepEqual([samples, inProcess.last], [FLOOD_SAMPLES, FLOOD_SAMPLES]);
      for (const made of bogusBlocks(2, 40)) {
        const onParent = randomBlock(rules, honest.block.header, honest.state, {
          timestamp: made.block.header.timestamp + 95,
          seed: made.block.header.timestamp,
        });
        for (const m of [a.manager, b.manager]) await assert.rejects(submit(m, onParent), isCode('score-mismatch'));
        assert.equal(samples, inProcess.last);
      }
      await a.manager.store.close();
      await b.manager.store.close();
    } finally {
      await pool.close();
    }
  });
});
