// Scores are integer counts (correct out of total); thresholds are integer basis points (1/10,000) of the metric.
// Every comparison is exact integer arithmetic: a one-sample disagreement at a threshold must not split the chain.
// The one exact comparison lives in src/ml/eval/score.ts (meetsThreshold); this is the header's view of it.
import type { Metric } from '../ml/data/dataset.js';
import { correctCount, meetsThreshold, scoreRatio, totalCount, type Confusion } from '../ml/eval/score.js';

export const BASIS_POINTS = 10_000;
/** A macro-F1 score is claimed as floor(F1 · 10^6) out of 10^6. */
export const MACRO_F1_SCALE = 1_000_000;

export interface Score {
  readonly correct: number;
  readonly total: number;
}

/** correct/total >= bp/10,000, exactly. A score of nothing (total 0) reaches no threshold. */
export function reachesThreshold(score: Score, thresholdBp: number): boolean {
  if (score.total === 0) return false;
  return meetsThreshold({ num: BigInt(score.correct), den: BigInt(score.total) }, thresholdBp);
}

/** The score in whole basis points, rounded down. */
export function scoreBp(score: Score): number {
  if (score.total === 0) return 0;
  return Number((BigInt(score.correct) * BigInt(BASIS_POINTS)) / BigInt(score.total));
}

/** The score a header claims for an evaluation: accuracy as counts; macro-F1's exact rational scaled down to 10^6. */
export function headerScore(c: Confusion, metric: Metric): Score {
  if (metric === 'accuracy') return { correct: correctCount(c), total: totalCount(c) };
  const r = scoreRatio(c, metric);
  return { correct: Number((r.num * BigInt(MACRO_F1_SCALE)) / r.den), total: MACRO_F1_SCALE };
}
