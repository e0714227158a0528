// Scores are integer counts (correct out of total); thresholds are integer basis points (1/10,000) of the metric.
// Every comparison is exact integer arithmetic: a one-sample disagreement at a threshold must not split the chain.

export const BASIS_POINTS = 10_000;

export interface Score {
  readonly correct: number;
  readonly total: number;
}

/** correct/total >= bp/10,000, exactly. */
export function reachesThreshold(score: Score, thresholdBp: number): boolean {
  return BigInt(score.correct) * BigInt(BASIS_POINTS) >= BigInt(thresholdBp) * BigInt(score.total);
}

/** The score in whole basis points, rounded down. */
export function scoreBp(score: Score): number {
  if (score.total === 0) return 0;
  return Number((BigInt(score.correct) * BigInt(BASIS_POINTS)) / BigInt(score.total));
}
