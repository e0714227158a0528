// A tiny problem and grammar for the proof-of-useful-work tests: 4 features, 2 classes (is x0 > x1?, with every
// tenth label flipped so that no model reaches much above 90%), dense networks only, so a real training run takes
// a fraction of a second. Blocks are made with real training and the real evaluator.
import type { Block } from '../../../src/chain/block.js';
import type { Activations } from '../../../src/chain/governance/decision.js';
import { storedObject } from '../../../src/chain/storage/objects.js';
import { buildBlock } from '../../../src/chain/build-block.js';
import type { GenesisConfig } from '../../../src/consensus/genesis-config.js';
import { genesisBlock, genesisState } from '../../../src/consensus/genesis.js';
import { blockHash, type BlockHeader } from '../../../src/chain/header.js';
import type { State } from '../../../src/chain/state.js';
import type { Transaction } from '../../../src/chain/transaction.js';
import { txRoot } from '../../../src/chain/block.js';
import { deriveArchitecture } from '../../../src/consensus/derive-architecture.js';
import { paramsDigest } from '../../../src/consensus/params-digest.js';
import { problemId, validationDigest, type Problem } from '../../../src/consensus/problem.js';
import type { ConsensusRules } from '../../../src/consensus/rules.js';
import { headerScore } from '../../../src/consensus/score.js';
import type { ThresholdParams } from '../../../src/consensus/threshold.js';
import type { BlockContext, Evaluate } from '../../../src/consensus/verify-block.js';
import { exactEvaluate } from '../../../src/consensus/score-check.js';
import { grammarId } from '../../../src/grammar/id.js';
import { parseGrammar } from '../../../src/grammar/parse.js';
import type { Dataset } from '../../../src/ml/data/dataset.js';
import type { Split } from '../../../src/ml/data/split.js';
import { evaluateSplit } from '../../../src/ml/eval/evaluate.js';
import { canonicalWeights, encodeModel } from '../../../src/ml/model/codec.js';
import { randomModel } from '../../../src/ml/model/random-model.js';
import type { Model } from '../../../src/ml/model/model.js';
import { modelRoot } from '../../../src/ml/model/root.js';
import { Random } from '../../../src/ml/tensor/random.js';
import { train } from '../../../src/ml/train/trainer.js';
import { alice, bob, miner, params } from '../../helpers/chain/fixtures.js';

const GRAMMAR_TEXT = `<net> ::= <hidden> | <hidden> <hidden>
<hidden> ::= dense 4 relu | dense 8 tanh | dense 6 sigmoid | dense 5 relu dropout 0.1
`;

export function split(count: number, seed: number): Split {
  const rng = new Random(seed);
  const x = new Float32Array(count * 4).map(() => rng.float());
  const y = Uint8Array.from({ length: count }, (_, i) => (x[i * 4] > x[i * 4 + 1] ? 1 : 0) ^ (i % 10 === 0 ? 1 : 0));
  return { x, y, count };
}

export const dataset: Dataset = {
  name: 'tiny',
  input: { kind: 'flat', n: 4 },
  classes: 2,
  metric: 'accuracy',
  train: split(256, 1),
  validation: split(64, 2),
};

/** Falls from 100% by 1 point a second to the floor of 10%. */
export const fixedThreshold: ThresholdParams = {
  mode: 'fixed',
  startBp: 10_000,
  floorBp: 1000,
  decayBp: 100,
  decaySeconds: 1,
};

export function tinyProblem(threshold: ThresholdParams = fixedThreshold): Problem {
  return {
    dataset: 'tiny',
    input: dataset.input,
    classes: 2,
    metric: 'accuracy',
    validationDigest: validationDigest(dataset.validation),
    threshold,
    maxModelBytes: 4096,
  };
}

export function tinyConfig(threshold?: ThresholdParams): GenesisConfig {
  return {
    params,
    timestamp: 1_700_000_000,
    alloc: [
      { address: alice.address, balance: 10_000n },
      { address: bob.address, balance: 500n },
    ],
    grammar: { file: 'tiny.bnf', id: grammarId(Buffer.from(GRAMMAR_TEXT)) },
    problem: tinyProblem(threshold),
    data: [],
  };
}

export function tinyRules(config = tinyConfig()): ConsensusRules {
  return {
    params: config.params,
    problem: config.problem,
    problemId: problemId(config.problem),
    grammar: parseGrammar(GRAMMAR_TEXT),
    grammarId: config.grammar.id,
    validation: dataset.validation,
  };
}

export const evaluate: Evaluate = exactEvaluate(dataset.validation);

/** Samples in the flood tests' validation split: the dev chain's count. */
export const FLOOD_SAMPLES = 4006;

/** The tiny problem with a validation split of the dev chain's size, for tests that count samples evaluated. */
export function floodRules(): { config: GenesisConfig; rules: ConsensusRules } {
  const validation = split(FLOOD_SAMPLES, 3);
  const base = tinyConfig();
  const config = { ...base, problem: { ...base.problem, validationDigest: validationDigest(validation) } };
  return { config, rules: { ...tinyRules(config), validation } };
}

/** An evaluator that counts its calls and the samples they evaluated. */
export function countingEvaluate(validation: Split): Evaluate & { calls: number; samples: number; last: number } {
  const inner = exactEvaluate(validation);
  const counted = Object.assign(
    (model: Model, file: Uint8Array, check: Parameters<Evaluate>[2]) => {
      const m = inner(model, file, check);
      counted.calls++;
      counted.samples += m.evaluated;
      counted.last = m.evaluated;
      return m;
    },
    { calls: 0, samples: 0, last: 0 },
  );
  return counted;
}

/**
 * The flooder's block on `parent`: the architecture its work hash derives with random (canonical) weights, and a
 * claimed score of `correct` out of the split's size (a perfect score by default), none of it evaluated.
 */
export function randomBlock(
  rules: ConsensusRules,
  parent: BlockHeader,
  state: State,
  o: { timestamp: number; nonce?: bigint; seed?: number; correct?: number },
): MadeBlock {
  const nonce = o.nonce ?? 1n;
  const derived = deriveArchitecture(rules, {
    parentHash: blockHash(parent),
    txRoot: txRoot([]),
    miner: miner.address,
    nonce,
  });
  const random = randomModel(derived.arch, o.seed ?? 1);
  const model: Model = {
    grammarId: rules.grammarId,
    phenotype: derived.phenotype,
    arch: derived.arch,
    params: canonicalWeights(random.params),
  };
  const file = encodeModel(model);
  const total = rules.validation.count;
  const built = buildBlock(rules.params, state, parent, {
    miner: miner.address,
    timestamp: o.timestamp,
    txs: [],
    modelDigest: paramsDigest(model),
    work: {
      nonce,
      problemId: rules.problemId,
      grammarId: rules.grammarId,
      modelRoot: modelRoot(file),
      modelSize: file.length,
      score: { correct: o.correct ?? total, total },
    },
  });
  return { block: built.block, model, file, state: built.state };
}

export const genesis = (config = tinyConfig()) => ({
  header: genesisBlock(config).header,
  state: genesisState(config),
});

export { withHeader } from '../../helpers/forge-block.js';

/** The context of a block on the genesis `g`, the node's clock at the block's own timestamp. */
export function genesisContext(
  g: ReturnType<typeof genesis>,
  made: MadeBlock,
  over: Partial<BlockContext> = {},
): BlockContext {
  return {
    parent: g.header,
    parentState: g.state,
    recentTimestamps: [g.header.timestamp],
    now: made.block.header.timestamp,
    modelFile: made.file,
    ...over,
  };
}

export interface MadeBlock {
  readonly block: Block;
  readonly model: Model;
  readonly file: Uint8Array;
  readonly state: State;
}

/**
 * A valid block on `parent`: the nonce's architecture trained for real (seeded by the nonce unless told, so two
 * nonces that derive the same architecture still give two models, as two honest training runs do), scored by the
 * exact evaluator.
 */
export async function makeBlock(
  rules: ConsensusRules,
  parent: BlockHeader,
  state: State,
  o: {
    timestamp: number;
    nonce?: bigint;
    txs?: Transaction[];
    seed?: number;
    epochs?: number;
    /** The verdicts on the activations at its height (governance). */
    activations?: Activations;
  },
): Promise<MadeBlock> {
  const nonce = o.nonce ?? 1n;
  const txs = o.txs ?? [];
  const derived = deriveArchitecture(rules, {
    parentHash: blockHash(parent),
    txRoot: txRoot(txs),
    miner: miner.address,
    nonce,
  });
  const trained = await train(
    derived.arch,
    dataset,
    { seed: o.seed ?? Number(nonce % 1_000_000n), learningRate: 0.05 },
    { epochs: o.epochs ?? 2, workers: 1 },
  );
  const model: Model = {
    grammarId: rules.grammarId,
    phenotype: derived.phenotype,
    arch: derived.arch,
    params: trained.params,
  };
  return blockWithModel(rules, parent, state, model, {
    timestamp: o.timestamp,
    nonce,
    txs,
    activations: o.activations,
  });
}

/**
 * A block on `parent` carrying `model` under `nonce`, scored by the exact evaluator. An attacker re-using weights
 * already in the chain computes the state root as if they were new (`recordDigest` false: no root is right for a
 * copy).
 */
export function blockWithModel(
  rules: ConsensusRules,
  parent: BlockHeader,
  state: State,
  model: Model,
  o: { timestamp: number; nonce: bigint; txs?: Transaction[]; activations?: Activations },
): MadeBlock {
  const file = encodeModel(model);
  const digest = paramsDigest(model);
  const root = modelRoot(file);
  // A copy's file is already a stored object too: its state root is computed as if the block had no model.
  const copy = storedObject(state, root) !== undefined;
  const modelFields = { modelRoot: root, modelSize: file.length };
  const built = buildBlock(rules.params, state, parent, {
    miner: miner.address,
    timestamp: o.timestamp,
    txs: o.txs ?? [],
    activations: o.activations,
    modelDigest: state.hasModel(digest) ? undefined : digest,
    work: {
      nonce: o.nonce,
      problemId: rules.problemId,
      grammarId: rules.grammarId,
      ...(!copy && modelFields),
      score: headerScore(evaluateSplit(model, rules.validation), 'accuracy'),
    },
  });
  const block = copy ? { ...built.block, header: { ...built.block.header, ...modelFields } } : built.block;
  return { block, model, file, state: built.state };
}
