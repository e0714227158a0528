// The verification flood against a node, as the attacker would mount it: the same stored model under new
// timestamps, an invalid block sent again and again, and headers no model can satisfy. None may cost the node an
// evaluation (or a download) twice; evaluations and chunk requests are counted, never timed.
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
import { correctCount } from '../../../../src/ml/eval/score.js';
import { evaluateSplit } from '../../../../src/ml/eval/evaluate.js';
import { NodeCounters } from '../../../../src/node/api/counters.js';
import { ChainManager } from '../../../../src/node/chain/chain-manager.js';
import { ChainStore } from '../../../../src/node/db/chain-store.js';
import { ModelServer } from '../../../../src/node/models/model-server.js';
import { ModelStore } from '../../../../src/node/models/model-store.js';
import type { Network } from '../../../../src/node/p2p/network.js';
import { BlockImporter } from '../../../../src/node/sync/block-import.js';
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
async function openManager() {
  const name = `m${opened++}`;
  const store = await ChainStore.create(join(dir, name), config);
  const evaluate = countingEvaluate(rules.validation);
  const manager = new ChainManager(store, new ModelStore(join(dir, `${name}-models`)), rules, evaluate);
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

describe('verification flood against the importer: impossible headers cost no download', () => {
  /** A node importing from one peer that holds `files`; counts the chunks requested. */
  async function importer(files: Uint8Array[]) {
    const { manager, evaluate } = await openManager();
    const peerModels = new ModelStore(join(dir, `peer-${opened}`));
    for (const f of files) await peerModels.put(f);
    const server = new ModelServer(peerModels);
    const requests = { chunks: 0 };
    const network = {
      requestChunk: async (_peer: string, root: Uint8Array, index: number) => {
        requests.chunks++;
        return server.chunk({ root, index });
      },
    } as unknown as Network;
    const log = pino({ level: 'silent' });
    const imp = new BlockImporter(
      manager,
      () => network,
      new NodeCounters(),
      () => T + 95,
      log,
    );
    return { manager, evaluate, requests, imp };
  }

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
