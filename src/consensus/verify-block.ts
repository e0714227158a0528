// Block validity, in order of cost; the first failure is a BlockError whose code names the rule
// (docs/PROTOCOL.md, section 5.4). Steps 1-5 need no model file (check-header.ts; the node runs them before it
// fetches the model):
//   1. links to the parent (timestamp > parent's), the checkpoint of its height, and the stateless body checks
//      (transaction count and root, each transaction's chain id and signature);
//   2. the problem and grammar ids are the chain's;
//   3. timestamps: after the median of the last 11, at most 2 s ahead of `now` ('timestamp-from-the-future', up to
//      4 s ahead, is not final: the node holds the block until its time; 'timestamp-far-future' beyond that);
//   4. the claim: out of the evaluation's total, reaching threshold(parent, timestamp) (the fork-choice weight);
//   5. the announced model size: within the limit, exactly a file of the architecture derived from H;
//   6. the model: size, root, decoding (canonical floats), the architecture derived from H (check-model.ts);
//   7. the state transition when the parent state is given: the weights digest new to the chain
//      ('duplicate-model'), the transactions, the state root (the node gives every block, main or side, the state
//      after its own parent, so the verdict never depends on the node's head);
//   8. the exact evaluator's counts on the validation split equal the claimed score (the only costly step), visited
//      in the block's evaluation order and stopped as soon as the samples seen contradict the claim
//      (score-check.ts): the verdict is the full evaluation's, the cost of a wrong claim a fraction of it.
//      Skipped, and only this step, when the node's assume-valid policy vouches for the block (BlockContext).
import { applyBlock } from '../chain/apply-block.js';
import { NO_ACTIVATIONS, type Activations } from '../chain/governance/decision.js';
import type { Block } from '../chain/block.js';
import type { Execution } from '../chain/execute.js';
import { blockHash } from '../chain/header.js';
import type { State } from '../chain/state.js';
import type { Measured } from '../ml/eval/ordered.js';
import type { Model } from '../ml/model/model.js';
import { checkHeader, type HeaderContext } from './check-header.js';
import { checkModel } from './check-model.js';
import { paramsDigest } from './params-digest.js';
import type { ConsensusRules } from './rules.js';
import { judgeScore, scoreCheck, type ScoreCheck } from './score-check.js';

export interface BlockContext extends HeaderContext {
  /** The state after the parent: the node always gives it; without it step 7 is skipped (checks of the work alone). */
  readonly parentState?: State;
  /**
   * The verdicts on the proposals activating at the block's height (7.6, from proposal-checks.ts); none given, a
   * block at such a height throws UnknownRulesError.
   */
  readonly activations?: Activations;
  readonly modelFile: Uint8Array | undefined;
  /**
   * The node vouches for the block (assume-valid: an ancestor of a block its user trusts, node policy decided in
   * src/node/chain/assume-valid.ts): step 8, the evaluation, is skipped; every other step runs.
   */
  readonly assumedValid?: boolean;
}

export interface VerifiedBlock {
  /** Present when the parent state was given. */
  readonly execution?: Execution;
  readonly paramsDigest: Uint8Array;
  /** threshold(parent, timestamp): what the block cleared, its fork-choice weight (blockWeight). */
  readonly thresholdBp: number;
}

/**
 * The exact evaluator on the problem's validation split, in `check.order`, which may stop once the samples seen
 * decide the claim (`check.stop`); the node may spread it over threads or answer from a cache of earlier results
 * for the same model. Whatever it returns is judged by judgeScore: a result that decides nothing is an error.
 */
export type Evaluate = (model: Model, modelFile: Uint8Array, check: ScoreCheck) => Promise<Measured> | Measured;

export async function verifyBlock(
  rules: ConsensusRules,
  block: Block,
  ctx: BlockContext,
  evaluate: Evaluate,
): Promise<VerifiedBlock> {
  const { header } = block;
  const { derived, thresholdBp } = checkHeader(rules, block, ctx);
  const model = checkModel(rules, header, ctx.modelFile, derived);
  const digest = paramsDigest(model);
  const execution =
    ctx.parentState && applyBlock(rules.params, ctx.parentState, block, ctx.activations ?? NO_ACTIVATIONS, digest);
  if (!ctx.assumedValid) {
    const check = scoreCheck(rules, header, blockHash(header));
    judgeScore(rules, check, await evaluate(model, ctx.modelFile!, check));
  }
  return { ...(execution && { execution }), paramsDigest: digest, thresholdBp };
}
