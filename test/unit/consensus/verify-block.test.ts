import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { txRoot, type Block } from '../../../src/chain/block.js';
import { BlockError, type BlockErrorCode } from '../../../src/chain/errors.js';
import { blockHash, type BlockHeader } from '../../../src/chain/header.js';
import { paramsDigest } from '../../../src/consensus/params-digest.js';
import { scoreBp } from '../../../src/consensus/score.js';
import { threshold } from '../../../src/consensus/threshold.js';
import { verifyBlock, type BlockContext } from '../../../src/consensus/verify-block.js';
import { deriveArchitecture } from '../../../src/consensus/derive-architecture.js';
import { modelRoot } from '../../../src/ml/model/root.js';
import { canonicalWeights, decodeModel, encodedModelSize, encodeModel } from '../../../src/ml/model/codec.js';
import type { Model } from '../../../src/ml/model/model.js';
import { evaluateSplit } from '../../../src/ml/eval/evaluate.js';
import { buildBlock } from '../../../src/chain/build-block.js';
import { State } from '../../../src/chain/state.js';
import { modelRecord } from '../../../src/chain/models.js';
import { headerScore } from '../../../src/consensus/score.js';
import { paramSpecs } from '../../../src/arch/ir.js';
import { alice, bob, miner, transfer } from '../../helpers/chain/fixtures.js';
import {
  evaluate,
  fixedThreshold,
  genesis,
  genesisContext,
  withHeader,
  makeBlock,
  tinyConfig,
  tinyRules,
  type MadeBlock,
} from './pouw-fixtures.js';

const rules = tinyRules();
const g = genesis();
const T = g.header.timestamp;

const context = (made: MadeBlock, over: Partial<BlockContext> = {}) => genesisContext(g, made, over);

/** A header whose work hash derives another architecture than its model's: caught by the size it announces, or
 * (when the two files happen to have one size) by the file's architecture. */
function otherArchitectureCode(header: BlockHeader): BlockErrorCode {
  const d = deriveArchitecture(rules, header);
  return encodedModelSize(d.phenotype, d.arch) === header.modelSize ? 'wrong-architecture' : 'wrong-model-size';
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
    // Other transactions give another work hash: the model no longer holds the architecture it derives.
    const block = withHeader({ ...made.block, txs: [overspend] }, { txRoot: txRoot([overspend]) });
    await rejects(block, context(made), otherArchitectureCode(block.header));
    await rejects({ ...made.block, txs: [overspend] }, context(made), 'tx-root-mismatch');
    // The block's own transfer on a state where its sender holds nothing.
    await rejects(made.block, context(made, { parentState: State.empty }), 'insufficient-balance');
  });

  test('wrong problem and wrong grammar', async () => {
    await rejects(withHeader(made.block, { problemId: new Uint8Array(32) }), context(made), 'wrong-problem');
    await rejects(withHeader(made.block, { grammarId: new Uint8Array(32) }), context(made), 'wrong-grammar');
  });

  test('timestamp not above the median of the last 11', async () => {
    const recent = [T, T + 95, T + 95];
    await rejects(made.block, context(made, { recentTimestamps: recent }), 'timestamp-not-after-median');
  });

  test('timestamp ahead of the clock: 2 s allowed, up to 4 s held, beyond that refused', async () => {
    const t = made.block.header.timestamp;
    await rejects(made.block, context(made, { now: t - 16 }), 'timestamp-far-future');
    await rejects(made.block, context(made, { now: t - 5 }), 'timestamp-far-future');
    await rejects(made.block, context(made, { now: t - 4 }), 'timestamp-from-the-future');
    await rejects(made.block, context(made, { now: t - 3 }), 'timestamp-from-the-future');
    await verifyBlock(rules, made.block, context(made, { now: t - 2 }), evaluate);
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
    const header = { ...made.block.header, nonce };
    await rejects(withHeader(made.block, { nonce }), context(made), otherArchitectureCode(header));
    // A file of the derived size and phenotype whose architecture is not the phenotype's: an activation swapped.
    const arch = made.model.arch;
    const at = arch.layers.findIndex((l) => l.type === 'activation');
    const swapped = {
      ...arch,
      layers: arch.layers.map((l, i) =>
        i === at && l.type === 'activation' ? { ...l, fn: l.fn === 'relu' ? ('tanh' as const) : ('relu' as const) } : l,
      ),
    };
    const file = encodeModel({ ...made.model, arch: swapped });
    assert.equal(file.length, made.file.length);
    await rejects(
      withHeader(made.block, { modelRoot: modelRoot(file) }),
      context(made, { modelFile: file }),
      'wrong-architecture',
    );
  });

  test('claimed score wrong', async () => {
    const { correct, total } = made.block.header.score;
    const claim = correct < total ? { correct: correct + 1, total } : { correct: correct - 1, total };
    await rejects(withHeader(made.block, { score: claim }), context(made), 'score-mismatch');
  });

  test("weights already in the chain state (any earlier block's model)", async () => {
    const parentState = g.state.update([modelRecord(paramsDigest(made.model))]);
    await rejects(made.block, context(made, { parentState }), 'duplicate-model');
  });

  test('a checkpoint pins the block at its height', async () => {
    const pinned = (hash: Uint8Array) => ({
      ...rules,
      params: { ...rules.params, checkpoints: [{ height: 1, hash }] },
    });
    await assert.rejects(
      verifyBlock(pinned(new Uint8Array(32)), made.block, context(made), evaluate),
      (e: unknown) => e instanceof BlockError && e.code === 'checkpoint-mismatch',
    );
    await verifyBlock(pinned(blockHash(made.block.header)), made.block, context(made), evaluate);
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

// The attacks of "Proof of useful work v2", as an attacker would mount them; each passed the old rules.
describe('attacks on block validity', () => {
  /** A threshold flat at 10%, so that the timestamp alone decides the rules under test. */
  const flat = { mode: 'fixed', startBp: 1000, floorBp: 1000, decayBp: 0, decaySeconds: 1 } as const;
  const fRules = tinyRules(tinyConfig(flat));
  const f = genesis(tinyConfig(flat));

  /** A block on `parent` carrying `model` (its header score the exact evaluator's). */
  function withModel(parent: BlockHeader, state: State, model: Model, o: { timestamp: number; nonce: bigint }) {
    const file = encodeWeights(model);
    const built = buildBlock(fRules.params, state, parent, {
      miner: miner.address,
      timestamp: o.timestamp,
      txs: [],
      modelDigest: paramsDigest(model),
      work: {
        nonce: o.nonce,
        problemId: fRules.problemId,
        grammarId: fRules.grammarId,
        modelRoot: modelRoot(file),
        modelSize: file.length,
        score: headerScore(evaluateSplit(model, fRules.validation), 'accuracy'),
      },
    });
    return { block: built.block, file };
  }

  /** The model file as raw float32 bytes, whatever their sign of zero (the attacker's encoder). */
  function encodeWeights(model: Model): Uint8Array {
    const signs = model.params.map((p) => p.map((v) => (Object.is(v, -0) ? 1 : 0)));
    const file = encodeModel({ ...model, params: model.params.map((p) => p.map((v) => (Object.is(v, -0) ? 0 : v))) });
    const view = new DataView(file.buffer);
    const total = model.params.reduce((n, p) => n + p.length, 0);
    let at = file.length - total * 4;
    for (const s of signs) for (let i = 0; i < s.length; i++, at += 4) if (s[i]) view.setFloat32(at, -0, true);
    return file;
  }

  const ctx = (
    parent: BlockHeader,
    parentState: State,
    file: Uint8Array,
    timestamp: number,
    recent = [T],
  ): BlockContext => ({
    parent,
    parentState,
    recentTimestamps: recent,
    now: timestamp,
    modelFile: file,
  });

  test('free valid blocks: flipping +0 weights to -0 gives a new digest, bit-identical outputs, and is undecodable', async () => {
    const made = await makeBlock(fRules, f.header, f.state, { timestamp: T + 10 });
    // An honest model with some zero weights (a pruned network), accepted as it is.
    const pruned: Model = {
      ...made.model,
      params: made.model.params.map((p) => p.map((v, i) => (i % 3 === 0 ? 0 : v))),
    };
    const honest = withModel(f.header, f.state, pruned, { timestamp: T + 10, nonce: 1n });
    await verifyBlock(fRules, honest.block, ctx(f.header, f.state, honest.file, T + 10), evaluate);
    // The attacker's copy: the same zeros as -0.
    const flipped: Model = { ...pruned, params: pruned.params.map((p) => p.map((v) => (v === 0 ? -0 : v))) };
    assert.notDeepEqual(paramsDigest(flipped), paramsDigest(pruned));
    assert.deepEqual(evaluateSplit(flipped, fRules.validation), evaluateSplit(pruned, fRules.validation));
    const copy = withModel(f.header, f.state, flipped, { timestamp: T + 11, nonce: 1n });
    assert.throws(() => decodeModel(copy.file), /-0/);
    await assert.rejects(
      verifyBlock(fRules, copy.block, ctx(f.header, f.state, copy.file, T + 11), evaluate),
      (e: unknown) => e instanceof BlockError && e.code === 'model-undecodable',
    );
  });

  test('a subnormal weight is undecodable, and canonicalWeights maps -0 and subnormals to +0', () => {
    const file = encodeModel({ ...dummyModel(), params: dummyModel().params });
    const bad = file.slice();
    new DataView(bad.buffer).setFloat32(bad.length - 4, 1e-40, true);
    assert.throws(() => decodeModel(bad), /subnormal/);
    const p = [Float32Array.of(-0, 1e-40, -1e-40, 2 ** -126, -1.5)];
    canonicalWeights(p);
    assert.deepEqual(
      [...p[0]].map((v) => (Object.is(v, -0) ? '-0' : v)),
      [0, 0, 0, 2 ** -126, -1.5],
    );
  });

  test("cheap weight: a block timestamped at its parent's second (6 blocks a second passed the median rule)", async () => {
    // A chain of blocks one second apart, so that the median of the last 11 lags the parent.
    let parent = f.header;
    let state = f.state;
    const recent = [T];
    for (let i = 1; i <= 4; i++) {
      const next = await makeBlock(fRules, parent, state, { timestamp: T + i, nonce: BigInt(i), epochs: 1 });
      await verifyBlock(fRules, next.block, ctx(parent, state, next.file, T + i, [...recent]), evaluate);
      parent = next.block.header;
      state = next.state;
      recent.push(parent.timestamp);
    }
    // Same second as its parent: above the median, but not above the parent.
    const same = await makeBlock(fRules, parent, state, { timestamp: parent.timestamp, nonce: 9n, epochs: 1 });
    await assert.rejects(
      verifyBlock(fRules, same.block, ctx(parent, state, same.file, parent.timestamp + 1, recent), evaluate),
      (e: unknown) => e instanceof BlockError && e.code === 'bad-timestamp',
    );
  });
});

function dummyModel(): Model {
  const arch = deriveArchitecture(rules, g.header).arch;
  return {
    grammarId: rules.grammarId,
    phenotype: '',
    arch,
    params: paramSpecs(arch).map((s) => new Float32Array(s.shape.reduce((a, b) => a * b, 1)).fill(0.5)),
  };
}
