// Block validity, in order of cost; the first failure is a BlockError whose code names the rule
// (docs/PROTOCOL.md, section 5.4):
//   1. links to the parent (timestamp > parent's), the checkpoint of its height, and the stateless body checks;
//   2. the problem and grammar ids are the chain's;
//   3. timestamps: after the median of the last 11, at most 2 s ahead of `now` ('timestamp-from-the-future', up to
//      4 s ahead, is not final: the node holds the block until its time; 'timestamp-far-future' beyond that);
//   4. the model: size, root, decoding (canonical floats), the architecture derived from H (check-model.ts);
//   5. the state transition when the parent state is given: the weights digest new to the chain
//      ('duplicate-model'), the transactions, the state root (a side block is executed when its branch is chosen,
//      so a side branch's copy is caught then, deterministically);
//   6. the claimed score reaches threshold(parent, timestamp), which is also the block's fork-choice weight;
//   7. the exact evaluator's counts on the validation split equal the claimed score (the only costly step).
import { applyBlock, checkBlockBody } from '../chain/apply-block.js';
import type { Block } from '../chain/block.js';
import { BlockError } from '../chain/errors.js';
import type { Execution } from '../chain/execute.js';
import { checkCheckpoint, checkHeaderLinks } from '../chain/header-rules.js';
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
import { checkTimestamp, FAR_FUTURE_SECONDS, MAX_FUTURE_SECONDS } from './timestamp-rules.js';

export interface BlockContext {
  readonly parent: BlockHeader;
  /** The state after the parent; omitted for a side block, whose transactions are executed later. */
  readonly parentState?: State;
  /** Timestamps of the parent and its ancestors, oldest first (at least the parent's). */
  readonly recentTimestamps: readonly number[];
  /** The node's clock, seconds since the Unix epoch. */
  readonly now: number;
  readonly modelFile: Uint8Array | undefined;
}

export interface VerifiedBlock {
  /** Present when the parent state was given. */
  readonly execution?: Execution;
  readonly paramsDigest: Uint8Array;
  /** threshold(parent, timestamp): what the block cleared, its fork-choice weight (blockWeight). */
  readonly thresholdBp: number;
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
  checkCheckpoint(rules.params, header);
  checkBlockBody(rules.params, block);
  checkIds(rules, header);
  checkTime(header, ctx);
  const model = checkModel(rules, header, ctx.modelFile);
  const digest = paramsDigest(model);
  const execution = ctx.parentState && applyBlock(rules.params, ctx.parentState, block, digest);
  const bar = threshold(rules.problem.threshold, ctx.parent, header.timestamp);
  if (!reachesThreshold(header.score, bar)) {
    throw new BlockError(
      'score-below-threshold',
      `claimed ${header.score.correct}/${header.score.total}, the threshold at ${header.timestamp} is ${bar} bp`,
    );
  }
  const measured = headerScore(await evaluate(model, ctx.modelFile!), rules.problem.metric);
  if (measured.correct !== header.score.correct || measured.total !== header.score.total) {
    throw new BlockError(
      'score-mismatch',
      `claimed ${header.score.correct}/${header.score.total}, the evaluator gives ${measured.correct}/${measured.total}`,
    );
  }
  return { ...(execution && { execution }), paramsDigest: digest, thresholdBp: bar };
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
  if (verdict === 'far-future') {
    throw new BlockError(
      'timestamp-far-future',
      `timestamp ${header.timestamp} is more than ${FAR_FUTURE_SECONDS} s after now (${ctx.now})`,
    );
  }
  if (verdict === 'from-the-future') {
    throw new BlockError(
      'timestamp-from-the-future',
      `timestamp ${header.timestamp} is more than ${MAX_FUTURE_SECONDS} s after now (${ctx.now})`,
    );
  }
}
