// The claimed score against the exact evaluator (docs/PROTOCOL.md 4.3 "Evaluation order", 5.4 step 8). For
// accuracy the claim is exact equality of the count of correct predictions, so the evaluation may stop as soon as
// the samples seen already contradict it: more correct than claimed, or more wrong than the claim leaves
// (total − correct). Either contradiction holds whatever the remaining samples give, so the verdict is the one a
// full evaluation gives; only the cost depends on the order. For macro-F1 every sample is evaluated: the claimed
// floor(F · 10^6) is decided by a partial confusion matrix only through a bound over every way the remaining
// samples could be predicted, which is not monotone in per-sample errors (a wrong prediction lowers one class's F1
// and may raise none), so no simple count decides it early, and the dev chain's metric is accuracy.
import { BlockError } from '../chain/errors.js';
import type { BlockHeader } from '../chain/header.js';
import type { Split } from '../ml/data/split.js';
import type { Model } from '../ml/model/model.js';
import { evaluateInOrder, type Measured, type StopRule } from '../ml/eval/ordered.js';
import { correctCount } from '../ml/eval/score.js';
import { evaluationOrder } from './evaluation-order.js';
import type { ConsensusRules } from './rules.js';
import { headerScore, MACRO_F1_SCALE, type Score } from './score.js';

export interface ScoreCheck {
  /** The block's model root: with the problem, what an evaluation's result may be cached by. */
  readonly modelRoot: Uint8Array;
  readonly claim: Score;
  /** The validation split's sample count. */
  readonly samples: number;
  /** The order to visit the samples in (evaluationOrder of the block hash). */
  readonly order: Uint32Array;
  /** When the claim is decided early (accuracy); absent: every sample is evaluated (macro-F1). */
  readonly stop?: StopRule;
}

/** The header's `score.total` a problem requires: the validation split's size, or 10^6 for macro-F1. */
export function claimTotal(rules: ConsensusRules): number {
  return rules.problem.metric === 'accuracy' ? rules.validation.count : MACRO_F1_SCALE;
}

export function scoreCheck(rules: ConsensusRules, header: BlockHeader, blockHash: Uint8Array): ScoreCheck {
  const samples = rules.validation.count;
  const claim = header.score;
  return {
    modelRoot: header.modelRoot,
    claim,
    samples,
    order: evaluationOrder(blockHash, samples),
    ...(rules.problem.metric === 'accuracy' && {
      stop: { maxCorrect: claim.correct, maxWrong: samples - claim.correct },
    }),
  };
}

/** True when `m` (possibly of another order, or cached) settles the claim: a full count, or a contradiction. */
export function decides(check: ScoreCheck, m: Measured): boolean {
  return m.evaluated === check.samples || contradiction(check, m) !== undefined;
}

/** Throws `score-mismatch` when `m` contradicts the claim, passes when it is a full count equal to the claim. */
export function judgeScore(rules: ConsensusRules, check: ScoreCheck, m: Measured): void {
  const { claim } = check;
  if (m.evaluated === check.samples) {
    const measured = headerScore(m.confusion, rules.problem.metric);
    if (measured.correct !== claim.correct || measured.total !== claim.total) {
      throw new BlockError(
        'score-mismatch',
        `claimed ${claim.correct}/${claim.total}, the evaluator gives ${measured.correct}/${measured.total}`,
      );
    }
    return;
  }
  const why = contradiction(check, m);
  if (why === undefined) {
    // The evaluator's bug, not the block's fault: never a verdict.
    throw new Error(`the evaluation stopped after ${m.evaluated} of ${check.samples} samples, the claim undecided`);
  }
  throw new BlockError('score-mismatch', `claimed ${claim.correct}/${claim.total}, ${why}`);
}

function contradiction(check: ScoreCheck, m: Measured): string | undefined {
  if (!check.stop) return undefined;
  const correct = correctCount(m.confusion);
  const wrong = m.evaluated - correct;
  const of = `of the first ${m.evaluated} samples evaluated`;
  if (correct > check.claim.correct) return `${correct} ${of} are predicted right`;
  if (wrong > check.samples - check.claim.correct) return `${wrong} ${of} are predicted wrong`;
  return undefined;
}

/** The exact evaluator on `validation`, in the check's order, stopping once the claim is decided. */
export function exactEvaluate(validation: Split): (model: Model, file: Uint8Array, check: ScoreCheck) => Measured {
  return (model, _file, check) => evaluateInOrder(model, validation, check.order, check.stop);
}
