import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { txRoot, type Block } from '../../../src/chain/block.js';
import { BlockError, type BlockErrorCode } from '../../../src/chain/errors.js';
import type { BlockHeader } from '../../../src/chain/header.js';
import { paramsDigest } from '../../../src/consensus/params-digest.js';
import { scoreBp } from '../../../src/consensus/score.js';
import { threshold } from '../../../src/consensus/threshold.js';
import { verifyBlock, type BlockContext } from '../../../src/consensus/verify-block.js';
import { deriveArchitecture } from '../../../src/consensus/derive-architecture.js';
import { modelRoot } from '../../../src/ml/model/root.js';
import { alice, bob, transfer } from '../../helpers/chain/fixtures.js';
import {
  evaluate,
  fixedThreshold,
  genesis,
  makeBlock,
  tinyConfig,
  tinyRules,
  type MadeBlock,
} from './pouw-fixtures.js';

const rules = tinyRules();
const g = genesis();
const T = g.header.timestamp;

const withHeader = (b: Block, h: Partial<BlockHeader>): Block => ({ ...b, header: { ...b.header, ...h } });

function context(made: MadeBlock, over: Partial<BlockContext> = {}): BlockContext {
  return {
    parent: g.header,
    parentState: g.state,
    recentTimestamps: [T],
    now: made.block.header.timestamp,
    modelFile: made.file,
    siblingDigests: [],
    ...over,
  };
}

async function rejects(block: Block, ctx: BlockContext, code: BlockErrorCode): Promise<void> {
  await assert.rejects(
    verifyBlock(rules, block, ctx, evaluate),
    (e: unknown) => e instanceof BlockError && e.code === code,
    code,
  );
}

describe('block validity: each rule has its own reason', () => {
  let made: MadeBlock;
  before(async () => {
    // 95 s after genesis the threshold has fallen to its 10% floor, which any trained model reaches.
    made = await makeBlock(rules, g.header, g.state, {
      timestamp: T + 95,
      txs: [transfer(alice, bob.address, 10n, 1n, 0)],
    });
  });

  test('a valid block passes and yields its state and weights digest', async () => {
    const v = await verifyBlock(rules, made.block, context(made), evaluate);
    assert.deepEqual(v.execution!.state.root(), made.state.root());
    assert.deepEqual(v.paramsDigest, paramsDigest(made.model));
  });

  test('bad transaction inside', async () => {
    const overspend = transfer(bob, alice.address, 1000n, 1n, 0);
    const block = withHeader({ ...made.block, txs: [overspend] }, { txRoot: txRoot([overspend]) });
    await rejects(block, context(made), 'insufficient-balance');
    await rejects({ ...made.block, txs: [overspend] }, context(made), 'tx-root-mismatch');
  });

  test('wrong problem and wrong grammar', async () => {
    await rejects(withHeader(made.block, { problemId: new Uint8Array(32) }), context(made), 'wrong-problem');
    await rejects(withHeader(made.block, { grammarId: new Uint8Array(32) }), context(made), 'wrong-grammar');
  });

  test('timestamp not above the median of the last 11', async () => {
    const recent = [T, T + 95, T + 95];
    await rejects(made.block, context(made, { recentTimestamps: recent }), 'timestamp-not-after-median');
  });

  test('timestamp too far ahead of the clock', async () => {
    await rejects(made.block, context(made, { now: made.block.header.timestamp - 16 }), 'timestamp-from-the-future');
    await verifyBlock(rules, made.block, context(made, { now: made.block.header.timestamp - 15 }), evaluate);
  });

  test('model missing, of another size, over the limit, or not the committed file', async () => {
    await rejects(made.block, context(made, { modelFile: undefined }), 'model-missing');
    await rejects(made.block, context(made, { modelFile: made.file.subarray(1) }), 'model-size-mismatch');
    await rejects(
      withHeader(made.block, { modelSize: rules.problem.maxModelBytes + 1 }),
      context(made),
      'model-too-large',
    );
    await rejects(withHeader(made.block, { modelRoot: new Uint8Array(32) }), context(made), 'model-root-mismatch');
  });

  test('a model file that does not decode (a NaN weight)', async () => {
    const file = made.file.slice();
    new DataView(file.buffer).setFloat32(file.length - 4, NaN, true);
    await rejects(
      withHeader(made.block, { modelRoot: modelRoot(file) }),
      context(made, { modelFile: file }),
      'model-undecodable',
    );
  });

  test('wrong architecture for H', async () => {
    const phenotype = deriveArchitecture(rules, made.block.header).phenotype;
    let nonce = 2n;
    while (deriveArchitecture(rules, { ...made.block.header, nonce }).phenotype === phenotype) nonce++;
    await rejects(withHeader(made.block, { nonce }), context(made), 'wrong-architecture');
  });

  test('claimed score wrong', async () => {
    const { correct, total } = made.block.header.score;
    const claim = correct < total ? { correct: correct + 1, total } : { correct: correct - 1, total };
    await rejects(withHeader(made.block, { score: claim }), context(made), 'score-mismatch');
  });

  test('exact copy of a sibling model', async () => {
    await rejects(
      made.block,
      context(made, { siblingDigests: [new Uint8Array(32), paramsDigest(made.model)] }),
      'duplicate-model',
    );
  });

  test('score under the threshold at its timestamp, and the same block valid later', async () => {
    const { correct, total } = made.block.header.score;
    const scoreBp = Math.floor((correct * 10_000) / total);
    // The first second at which the fixed threshold falls to the score, and the second before it.
    const dt = Math.ceil((fixedThreshold.startBp - scoreBp) / fixedThreshold.decayBp);
    assert.ok(dt > 1 && threshold(fixedThreshold, g.header, T + dt - 1) > scoreBp);
    const early = withHeader(made.block, { timestamp: T + dt - 1 });
    await rejects(early, context(made, { now: T + dt - 1 }), 'score-below-threshold');
    const onTime = withHeader(made.block, { timestamp: T + dt });
    await verifyBlock(rules, onTime, context(made, { now: T + dt }), evaluate);
  });
});

describe('adaptive threshold in block validity', () => {
  const adaptive = {
    mode: 'adaptive',
    startBp: 5000,
    floorBp: 1000,
    decayBp: 10,
    decaySeconds: 1,
    marginBp: 2000,
    capBp: 9900,
  } as const;
  const aRules = tinyRules(tinyConfig(adaptive));
  const a = genesis(tinyConfig(adaptive));

  test('each block raises the next start to its score plus the margin, which then decays', async () => {
    const first = await makeBlock(aRules, a.header, a.state, { timestamp: T + 1000 });
    const parent = first.block.header;
    const start = Math.min(adaptive.capBp, scoreBp(parent.score) + adaptive.marginBp);
    assert.equal(threshold(adaptive, parent, parent.timestamp), start);
    const second = await makeBlock(aRules, parent, first.state, { timestamp: parent.timestamp + 1, nonce: 2n });
    const dt = Math.ceil((start - scoreBp(second.block.header.score)) / adaptive.decayBp);
    assert.ok(dt > 1, 'the second model does not beat the first by the margin');
    const ctx = (timestamp: number): BlockContext => ({
      parent,
      parentState: first.state,
      recentTimestamps: [T, parent.timestamp],
      now: timestamp,
      modelFile: second.file,
      siblingDigests: [],
    });
    const at = (timestamp: number) =>
      verifyBlock(aRules, withHeader(second.block, { timestamp }), ctx(timestamp), evaluate);
    await assert.rejects(
      at(parent.timestamp + dt - 1),
      (e: unknown) => e instanceof BlockError && e.code === 'score-below-threshold',
    );
    await at(parent.timestamp + dt);
  });
});
