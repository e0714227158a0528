// Block reward schedule: initialReward, halved (rounding down) every halvingInterval blocks.
import type { ChainParams } from './params.js';

export function blockReward(params: ChainParams, height: number): bigint {
  const halvings = Math.floor(height / params.halvingInterval);
  return params.initialReward >> BigInt(halvings);
}
