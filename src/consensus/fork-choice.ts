// Fork choice: the heaviest chain, where a block's weight is its model's score, so that among siblings the best
// model wins (paper: "the decision would be based on who finds the best model"). Weights are exact integers:
// a score's fraction scaled by 10^12 and rounded down, summed along the chain. Equal weight: the lower block hash.
import type { Score } from './score.js';
import { compareBytes } from '../codec/bytes.js';

const WEIGHT_SCALE = 10n ** 12n;

export function blockWeight(score: Score): bigint {
  if (score.total === 0) return 0n;
  return (BigInt(score.correct) * WEIGHT_SCALE) / BigInt(score.total);
}

export interface ChainTip {
  readonly hash: Uint8Array;
  /** Sum of blockWeight from genesis to this block. */
  readonly totalWeight: bigint;
}

/** True when `candidate` should replace `current` as the head. */
export function isBetterTip(candidate: ChainTip, current: ChainTip): boolean {
  if (candidate.totalWeight !== current.totalWeight) return candidate.totalWeight > current.totalWeight;
  return compareBytes(candidate.hash, current.hash) < 0;
}
