// The score a block must reach, falling while no block is found (paper, section V), in integer basis points.
//   fixed:    threshold = max(floor, start - decay(dt))
//   adaptive: as fixed, but start = min(cap, parent's score + margin): every block raises the bar for the next
//             (paper, section IX), and the chain is configured with a slower decay.
//   decay(dt) = floor(dt * decayBp / decaySeconds), dt = timestamp - parent timestamp (seconds, never negative).
import { scoreBp, type Score } from './score.js';

import type { ThresholdParams } from '../chain/governance/problem-spec.js';

export type { ThresholdParams };

export interface ParentForThreshold {
  readonly timestamp: number;
  /** The parent's own score; total 0 for genesis. */
  readonly score: Score;
}

export function startThreshold(params: ThresholdParams, parent: ParentForThreshold): number {
  if (params.mode === 'fixed' || parent.score.total === 0) return params.startBp;
  return Math.min(params.capBp, scoreBp(parent.score) + params.marginBp);
}

export function threshold(params: ThresholdParams, parent: ParentForThreshold, timestamp: number): number {
  const dt = BigInt(Math.max(0, timestamp - parent.timestamp));
  const decay = (dt * BigInt(params.decayBp)) / BigInt(params.decaySeconds);
  const start = BigInt(startThreshold(params, parent));
  const floor = BigInt(params.floorBp);
  return Number(start - decay > floor ? start - decay : floor);
}

/** The earliest timestamp at which the falling threshold is at or below `bp` (the miner's wait); Infinity if never. */
export function timeToReach(params: ThresholdParams, parent: ParentForThreshold, bp: number): number {
  const start = startThreshold(params, parent);
  if (bp >= start) return parent.timestamp;
  if (bp < params.floorBp || params.decayBp === 0) return Infinity;
  // smallest dt with floor(dt * decayBp / decaySeconds) >= start - bp
  const need = BigInt(start - bp) * BigInt(params.decaySeconds);
  const dt = (need + BigInt(params.decayBp) - 1n) / BigInt(params.decayBp);
  return parent.timestamp + Number(dt);
}
