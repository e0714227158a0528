// Fork choice: the heaviest chain, where a block's weight is the work it proves, not the score it claims: the
// threshold (bp) it cleared at its timestamp, plus one so that every block outweighs its parent even at a zero
// floor. A claimed score above the threshold adds nothing (it cannot be inflated to outweigh honest blocks), and a
// block at the floor weighs less than one mined while the bar was high. Weights are exact integers summed along the
// chain. Equal weight keeps the tip seen first (smallest arrival number): never the lower hash, which a miner could
// grind for.
const WORK_UNIT = 1n;

/** The weight of a block that cleared `thresholdBp` (threshold(parent, timestamp), which its score reaches). */
export function blockWeight(thresholdBp: number): bigint {
  if (!Number.isInteger(thresholdBp) || thresholdBp < 0)
    throw new RangeError(`threshold ${thresholdBp} is not a whole number of bp`);
  return BigInt(thresholdBp) + WORK_UNIT;
}

export interface ChainTip {
  readonly hash: Uint8Array;
  /** Sum of blockWeight from genesis to this block. */
  readonly totalWeight: bigint;
  /** The order in which this node first stored the block (smaller: seen earlier). */
  readonly arrival: number;
}

/** True when `candidate` should replace `current` as the head: strictly heavier, or as heavy and seen earlier. */
export function isBetterTip(candidate: ChainTip, current: ChainTip): boolean {
  if (candidate.totalWeight !== current.totalWeight) return candidate.totalWeight > current.totalWeight;
  return candidate.arrival < current.arrival;
}
