// Block validity, in order of cost; the first failure is a BlockError whose code names the rule
// (docs/PROTOCOL.md, section 5.4):
//   1. links to the parent, structure and transactions (the ledger rules; the state transition when the parent
//      state is given, else only the stateless body checks: a side block is executed when its branch is chosen);
//   2. the problem and grammar ids are the chain's;
//   3. timestamps: after the median of the last 11, at most 15 s ahead of `now` ('timestamp-from-the-future' is
//      not final: the node holds the block until its time);
//   4. the model: size, root, decoding, the architecture derived from H (check-model.ts);
//   5. the claimed score reaches threshold(parent, timestamp);
//   6. the weights are not a copy of a sibling's already seen;
//   7. the exact evaluator's counts on the validation split equal the claimed score (the only costly step).
import { applyBlock, checkBlockBody } from '../chain/apply-block.js';
import type { Block } from '../chain/block.js';
import { BlockError } from '../chain/errors.js';
import type { Execution } from '../chain/execute.js';
import { checkHeaderLinks } from '../chain/header-rules.js';
import type { BlockHeader } from '../chain/header.js';
import type { State } from '../chain/state.js';
import { bytesEqual, toHex } from '../codec/hex.js';
import type { Confusion } from '../ml/eval/score.js';
import type { Model } from '../ml/model/model.js';
import { checkModel } from './check-model.js';
import { paramsDigest } from './params-digest.js';
import type { ConsensusRules } from './rules.js';
import { headerScore, reachesThreshold } from './score.js';
import { threshold } from './threshold.js';
import { checkTimestamp, MAX_FUTURE_SECONDS } from './timestamp-rules.js';

export interface BlockContext {
  readonly parent: BlockHeader;
  /** The state after the parent; omitted for a side block, whose transactions are executed later. */
  readonly parentState?: State;
  /** Timestamps of the parent and its ancestors, oldest first (at least the parent's). */
  readonly recentTimestamps: readonly number[];
  /** The node's clock, seconds since the Unix epoch. */
  readonly now: number;
  readonly modelFile: Uint8Array | undefined;
  /** paramsDigest of every sibling (same parent) model already accepted. */
  readonly siblingDigests: readonly Uint8Array[];
}

export interface VerifiedBlock {
  /** Present when the parent state was given. */
  readonly execution?: Execution;
  readonly paramsDigest: Uint8Array;
}

/** The exact evaluator on the problem's validation split; the node may spread it over threads. */
export type Evaluate = (model: Model, modelFile: Uint8Array) => Promise<Confusion> | Confusion;

export async function verifyBlock(
  rules: ConsensusRules,
  block: Block,
  ctx: BlockContext,
  evaluate: Evaluate,
): Promise<VerifiedBlock> {
  const { header } = block;
  checkHeaderLinks(ctx.parent, header);
  let execution: Execution | undefined;
  if (ctx.parentState) execution = applyBlock(rules.params, ctx.parentState, block);
  else checkBlockBody(rules.params, block);
  checkIds(rules, header);
  checkTime(header, ctx);
  const model = checkModel(rules, header, ctx.modelFile);
  const bar = threshold(rules.problem.threshold, ctx.parent, header.timestamp);
  if (!reachesThreshold(header.score, bar)) {
    throw new BlockError(
      'score-below-threshold',
      `claimed ${header.score.correct}/${header.score.total}, the threshold at ${header.timestamp} is ${bar} bp`,
    );
  }
  const digest = paramsDigest(model);
  if (ctx.siblingDigests.some((d) => bytesEqual(d, digest))) {
    throw new BlockError('duplicate-model', `the weights ${toHex(digest)} copy a sibling block's model`);
  }
  const measured = headerScore(await evaluate(model, ctx.modelFile!), rules.problem.metric);
  if (measured.correct !== header.score.correct || measured.total !== header.score.total) {
    throw new BlockError(
      'score-mismatch',
      `claimed ${header.score.correct}/${header.score.total}, the evaluator gives ${measured.correct}/${measured.total}`,
    );
  }
  return { execution, paramsDigest: digest };
}

function checkIds(rules: ConsensusRules, header: BlockHeader): void {
  if (!bytesEqual(header.problemId, rules.problemId))
    throw new BlockError('wrong-problem', `problem ${toHex(header.problemId)} is not the chain's`);
  if (!bytesEqual(header.grammarId, rules.grammarId))
    throw new BlockError('wrong-grammar', `grammar ${toHex(header.grammarId)} is not the active one`);
}

function checkTime(header: BlockHeader, ctx: BlockContext): void {
  const verdict = checkTimestamp(header.timestamp, ctx.recentTimestamps, ctx.now);
  if (verdict === 'not-after-median') {
    throw new BlockError(
      'timestamp-not-after-median',
      `timestamp ${header.timestamp} is not after the median of the last blocks`,
    );
  }
  if (verdict === 'from-the-future') {
    throw new BlockError(
      'timestamp-from-the-future',
      `timestamp ${header.timestamp} is more than ${MAX_FUTURE_SECONDS} s after now (${ctx.now})`,
    );
  }
}
