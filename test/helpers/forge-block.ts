// Blocks made the way an attacker (or a test that needs many valid blocks fast) makes them on a real chain: the
// architecture the block's work hash derives, random canonical weights instead of training, and a claimed score,
// by default the model's true score on the validation split. Such a block is valid wherever the threshold at its
// timestamp is below what random weights score, and every field can be forged afterwards.
import { txRoot, type Block } from '../../src/chain/block.js';
import { executeBlock } from '../../src/chain/execute.js';
import { blockHash, CURRENT_BLOCK_VERSION, type BlockHeader, type ClaimedScore } from '../../src/chain/header.js';
import type { State } from '../../src/chain/state.js';
import type { Transaction } from '../../src/chain/transaction.js';
import type { Address } from '../../src/crypto/address.js';
import { deriveArchitecture } from '../../src/consensus/derive-architecture.js';
import { paramsDigest } from '../../src/consensus/params-digest.js';
import type { ConsensusRules } from '../../src/consensus/rules.js';
import { headerScore, reachesThreshold } from '../../src/consensus/score.js';
import { threshold } from '../../src/consensus/threshold.js';
import { evaluateSplit } from '../../src/ml/eval/evaluate.js';
import { canonicalWeights, encodeModel } from '../../src/ml/model/codec.js';
import type { Model } from '../../src/ml/model/model.js';
import { randomModel } from '../../src/ml/model/random-model.js';
import { modelRoot } from '../../src/ml/model/root.js';
import { miner as defaultMiner } from './chain/fixtures.js';
import { NO_ACTIVATIONS } from '../../src/chain/governance/decision.js';

export interface ForgeOptions {
  readonly timestamp: number;
  readonly txs?: readonly Transaction[];
  readonly miner?: Address;
  readonly nonce?: bigint;
  /** Seed of the random weights. */
  readonly seed?: number;
  /** The claim; the model's true score when omitted. */
  readonly score?: ClaimedScore;
  /** These weights (of the derived architecture) instead of random ones, e.g. an earlier block's model. */
  readonly params?: Float32Array[];
  /** Applied to the random weights (when `params` is not given). */
  readonly mapWeights?: (w: number) => number;
}

export interface Forged {
  readonly block: Block;
  readonly model: Model;
  readonly file: Uint8Array;
  /** The state after the block, when its transactions execute on `state`. */
  readonly state: State | undefined;
}

/** A block on `parent` (whose state is `state`); the state root is the executed one, zero if execution fails. */
export function forgeBlock(rules: ConsensusRules, parent: BlockHeader, state: State, o: ForgeOptions): Forged {
  const txs = o.txs ?? [];
  const miner = o.miner ?? defaultMiner.address;
  const nonce = o.nonce ?? 0n;
  const work = { parentHash: blockHash(parent), txRoot: txRoot(txs), miner, nonce };
  const derived = deriveArchitecture(rules, work);
  const random = () =>
    randomModel(derived.arch, o.seed ?? 1).params.map((p) => (o.mapWeights ? p.map(o.mapWeights) : p));
  const params = o.params ?? canonicalWeights(random());
  const model: Model = { grammarId: rules.grammarId, phenotype: derived.phenotype, arch: derived.arch, params };
  const file = encodeModel(model);
  const root = modelRoot(file);
  const input = { height: parent.height + 1, miner, modelRoot: root, modelSize: file.length, seed: derived.workHash };
  let after: State | undefined;
  try {
    after = executeBlock(rules.params, state, input, txs, NO_ACTIVATIONS, paramsDigest(model)).state;
  } catch {
    after = undefined;
  }
  const header: BlockHeader = {
    version: CURRENT_BLOCK_VERSION,
    height: parent.height + 1,
    ...work,
    timestamp: o.timestamp,
    stateRoot: after?.root() ?? new Uint8Array(32),
    problemId: rules.problemId,
    grammarId: rules.grammarId,
    modelRoot: root,
    modelSize: file.length,
    score: o.score ?? headerScore(evaluateSplit(model, rules.validation), rules.problem.metric),
  };
  return { block: { header, txs }, model, file, state: after };
}

/**
 * A block on `parent` whose true score reaches the threshold (random weights, seed after seed): valid when its
 * transactions are (then `state` is set).
 */
export function forgeValidBlock(
  rules: ConsensusRules,
  parent: BlockHeader,
  state: State,
  o: Omit<ForgeOptions, 'score' | 'params'>,
): Forged {
  const bar = threshold(rules.problem.threshold, parent, o.timestamp);
  for (let seed = o.seed ?? parent.height * 1000 + 1; ; seed++) {
    const forged = forgeBlock(rules, parent, state, { ...o, seed });
    if (reachesThreshold(forged.block.header.score, bar)) return forged;
  }
}

/** `block` with header fields replaced (what a forger sends). */
export const withHeader = (b: Block, h: Partial<BlockHeader>): Block => ({ ...b, header: { ...b.header, ...h } });
