// Scores are integer counts, and thresholds (in basis points, 1/10000) are compared with them by
// exact integer arithmetic, never with floats: a one-sample disagreement at a threshold would split
// the chain.
import type { Metric } from '../data/dataset.js';

/** counts[truth * classes + predicted]: how many samples of class `truth` were predicted as `predicted`. */
export interface Confusion {
  classes: number;
  counts: Float64Array;
}

export function emptyConfusion(classes: number): Confusion {
  return { classes, counts: new Float64Array(classes * classes) };
}

/** Sums confusion matrices (integer counts below 2^53: exact in any order). */
export function addConfusion(into: Confusion, other: Confusion): void {
  for (let i = 0; i < into.counts.length; i++) into.counts[i] += other.counts[i];
}

export function correctCount(c: Confusion): number {
  let n = 0;
  for (let k = 0; k < c.classes; k++) n += c.counts[k * c.classes + k];
  return n;
}

export function totalCount(c: Confusion): number {
  return c.counts.reduce((a, b) => a + b, 0);
}

/** A non-negative rational num/den with den > 0. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/**
 * The metric as an exact ratio. accuracy = correct / total. macro-F1 = (1/K) sum over classes k of
 * 2 TP_k / (2 TP_k + FP_k + FN_k), where a class that is neither present nor predicted scores 0.
 * An empty split scores 0.
 */
export function scoreRatio(c: Confusion, metric: Metric): Ratio {
  const total = BigInt(totalCount(c));
  if (total === 0n) return { num: 0n, den: 1n };
  if (metric === 'accuracy') return { num: BigInt(correctCount(c)), den: total };
  const K = c.classes;
  let sum: Ratio = { num: 0n, den: 1n };
  for (let k = 0; k < K; k++) {
    let predicted = 0;
    let actual = 0;
    for (let j = 0; j < K; j++) {
      predicted += c.counts[j * K + k];
      actual += c.counts[k * K + j];
    }
    const tp = c.counts[k * K + k];
    const den = BigInt(predicted + actual); // 2TP + FP + FN
    if (den > 0n) sum = addRatio(sum, { num: 2n * BigInt(tp), den });
  }
  return reduce({ num: sum.num, den: sum.den * BigInt(K) });
}

/** score >= bp / 10000, decided exactly: num * 10000 >= bp * den. */
export function meetsThreshold(score: Ratio, basisPoints: number): boolean {
  if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > 10000) {
    throw new RangeError(`threshold ${basisPoints} is not a whole number of basis points in 0..10000`);
  }
  return score.num * 10000n >= BigInt(basisPoints) * score.den;
}

/** Score a >= score b, decided exactly. */
export function ratioAtLeast(a: Ratio, b: Ratio): boolean {
  return a.num * b.den >= b.num * a.den;
}

/** The ratio as a decimal number, for display only. */
export function ratioToNumber(r: Ratio): number {
  return Number(r.num) / Number(r.den);
}

function addRatio(a: Ratio, b: Ratio): Ratio {
  return reduce({ num: a.num * b.den + b.num * a.den, den: a.den * b.den });
}

function reduce(r: Ratio): Ratio {
  let [x, y] = [r.num, r.den];
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? { num: 0n, den: 1n } : { num: r.num / x, den: r.den / x };
}
