// Block reward schedule: initialReward, halved (rounding down) every halvingInterval blocks.
import type { ChainParams } from './params.js';

export function blockReward(params: ChainParams, height: number): bigint {
  const halvings = Math.floor(height / params.halvingInterval);
  return params.initialReward >> BigInt(halvings);
}

/** The rewards of blocks 1..height together (each era of halvingInterval blocks at its reward; none at genesis). */
export function issuedRewards(params: ChainParams, height: number): bigint {
  let total = 0n;
  for (let era = 0; era * params.halvingInterval <= height; era++) {
    const reward = params.initialReward >> BigInt(era);
    if (reward === 0n) break;
    const first = Math.max(1, era * params.halvingInterval);
    const last = Math.min(height, (era + 1) * params.halvingInterval - 1);
    total += reward * BigInt(last - first + 1);
  }
  return total;
}
