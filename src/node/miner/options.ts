// What a miner is told: who it mines for, its budgets, and the node services it reads (clock, randomness, logs).
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Address } from '../../crypto/address.js';
import type { HyperParams } from '../../ml/train/hyper-params.js';
import type { MinerEvent } from './events.js';

export interface MinerOptions {
  readonly miner: Address;
  /** Training seconds per candidate architecture before it is abandoned for a new nonce. */
  readonly timeBudgetSeconds: number;
  /** A candidate whose validation accuracy is still under the threshold's floor after this long is abandoned. */
  readonly stallSeconds: number;
  /** Architectures with fewer parameters are skipped: too small to reach a high score (the miner's choice). */
  readonly minParams: number;
  /** Cost-model limits: training memory, and the FLOP/s the training-time estimate assumes. */
  readonly maxMemoryBytes: number;
  readonly flopsPerSecond: number;
  /** At most this many transactions per block (the chain's limit when larger). */
  readonly maxTxs: number;
  readonly workers: number;
  /** Overrides of the per-size defaults (hyper-params.ts). */
  readonly hyperParams: Partial<HyperParams>;
  /** Seconds since the Unix epoch. */
  readonly clock: () => number;
  /** A fresh random nonce. */
  readonly nonce: () => bigint;
  readonly log: (event: MinerEvent) => void;
}

export const DEFAULT_MINER_OPTIONS: Omit<MinerOptions, 'miner'> = {
  timeBudgetSeconds: 120,
  stallSeconds: 20,
  // On the bundled digits, derived networks under ~5k parameters mostly stay below 90% validation accuracy.
  minParams: 5_000,
  maxMemoryBytes: 1 << 30,
  // The WebAssembly SIMD kernels train the default grammar's networks at about 5-10 GFLOP/s on one laptop core.
  flopsPerSecond: 5e9,
  maxTxs: 1000,
  workers: availableParallelism(),
  hyperParams: {},
  clock: () => Math.floor(Date.now() / 1000),
  nonce: () => randomBytes(8).readBigUInt64BE(),
  log: () => {},
};
