// Block validity decidable from the block without its model file (docs/PROTOCOL.md 5.4, steps 1-5): links to the
// parent, checkpoint, transaction count and root, each transaction's chain id and signature, problem and grammar
// ids, timestamps, the claim (its total is the evaluation's, it reaches the threshold) and the model size the header
// announces (within the problem's limit and exactly the size of a file holding the architecture the work hash
// derives). The node runs this before fetching a model, so a bogus header costs a verifier no download and no
// evaluation; verifyBlock runs it first. checkHeaderAlone is the part a syncing node checks of headers alone.
import { checkBlockBody } from '../chain/apply-block.js';
import type { Block } from '../chain/block.js';
import { BlockError } from '../chain/errors.js';
import { checkCheckpoint, checkHeaderLinks, checkNonce } from '../chain/header-rules.js';
import { statelessTxRejection } from '../chain/tx-rules.js';
import type { BlockHeader } from '../chain/header.js';
import { bytesEqual, toHex } from '../codec/hex.js';
import { encodedModelSize } from '../ml/model/codec.js';
import { deriveArchitecture, type DerivedArchitecture } from './derive-architecture.js';
import type { ConsensusRules } from './rules.js';
import { reachesThreshold } from './score.js';
import { claimTotal } from './score-check.js';
import { threshold } from './threshold.js';
import { checkTimestamp, FAR_FUTURE_SECONDS, MAX_FUTURE_SECONDS } from './timestamp-rules.js';

export interface HeaderContext {
  readonly parent: BlockHeader;
  /** Timestamps of the parent and its ancestors, oldest first (at least the parent's). */
  readonly recentTimestamps: readonly number[];
  /** The node's clock, seconds since the Unix epoch. */
  readonly now: number;
}

export interface CheckedHeader {
  readonly derived: DerivedArchitecture;
  /** threshold(parent, timestamp): what the block cleared, its fork-choice weight (blockWeight). */
  readonly thresholdBp: number;
}

export function checkHeader(rules: ConsensusRules, block: Block, ctx: HeaderContext): CheckedHeader {
  checkHeaderLinks(ctx.parent, block.header);
  checkCheckpoint(rules.params, block.header);
  checkNonce(rules.params, block.header);
  checkBlockBody(rules.params, block);
  checkTransactions(rules, block);
  return checkClaim(rules, block.header, ctx);
}

/** The same rules but the body's (transaction count and root): what a syncing node checks of headers alone. */
export function checkHeaderAlone(rules: ConsensusRules, header: BlockHeader, ctx: HeaderContext): CheckedHeader {
  checkHeaderLinks(ctx.parent, header);
  checkCheckpoint(rules.params, header);
  checkNonce(rules.params, header);
  return checkClaim(rules, header, ctx);
}

function checkClaim(rules: ConsensusRules, header: BlockHeader, ctx: HeaderContext): CheckedHeader {
  checkIds(rules, header);
  checkTime(header, ctx);
  const total = claimTotal(rules);
  if (header.score.total !== total) {
    throw new BlockError(
      'wrong-score-total',
      `the claim is out of ${header.score.total}, the problem's scores are out of ${total}`,
    );
  }
  const bar = threshold(rules.problem.threshold, ctx.parent, header.timestamp);
  if (!reachesThreshold(header.score, bar)) {
    throw new BlockError(
      'score-below-threshold',
      `claimed ${header.score.correct}/${header.score.total}, the threshold at ${header.timestamp} is ${bar} bp`,
    );
  }
  if (header.modelSize > rules.problem.maxModelBytes) {
    throw new BlockError(
      'model-too-large',
      `${header.modelSize} bytes, the problem allows ${rules.problem.maxModelBytes}`,
    );
  }
  const derived = deriveArchitecture(rules, header);
  const size = encodedModelSize(derived.phenotype, derived.arch);
  if (header.modelSize !== size) {
    throw new BlockError(
      'wrong-model-size',
      `the header announces ${header.modelSize} bytes, a model file of the derived architecture has ${size}`,
    );
  }
  return { derived, thresholdBp: bar };
}

/** Every transaction's stateless rules (chain id, fee, its kind's, signature): a side block's are checked on arrival
 * like a main one's. */
function checkTransactions(rules: ConsensusRules, block: Block): void {
  block.txs.forEach((tx, i) => {
    const rejection = statelessTxRejection(rules.params, tx);
    if (rejection) throw new BlockError(rejection.code, rejection.detail, i);
  });
}

function checkIds(rules: ConsensusRules, header: BlockHeader): void {
  if (!bytesEqual(header.problemId, rules.problemId))
    throw new BlockError('wrong-problem', `problem ${toHex(header.problemId)} is not the chain's`);
  if (!bytesEqual(header.grammarId, rules.grammarId))
    throw new BlockError('wrong-grammar', `grammar ${toHex(header.grammarId)} is not the active one`);
}

function checkTime(header: BlockHeader, ctx: HeaderContext): void {
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
