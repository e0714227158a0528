// What a miner is told: who it mines for, its budgets, and the node services it reads (clock, randomness, logs).
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Address } from '../../crypto/address.js';
import type { HyperParams } from '../../ml/train/hyper-params.js';
import type { ThreadLimit } from '../../ml/train/thread-limit.js';
import type { CandidateTrainer } from './candidate-trainer.js';
import type { MinerEvent } from './events.js';

/** single: one work (nonce) at a time, trained for the whole budget (the first miner). search: search.ts. */
export type MinerPolicy = 'single' | 'search';
export const MINER_POLICIES: readonly MinerPolicy[] = ['single', 'search'];

export interface SearchOptions {
  /** Works (nonces) probed per round. */
  readonly candidates: number;
  /** Each rung keeps the best 1/eta of the candidates and trains them eta times as long. */
  readonly eta: number;
  /** The first rung's training seconds per candidate, as a fraction of the time budget. */
  readonly probeFraction: number;
}

export interface MinerOptions {
  readonly miner: Address;
  /**
   * More addresses of the miner's own that it may be paid at, on a nonce-free chain: each is another work hash for
   * the same transactions (works.ts), so that a miner with few pending transactions still finds architectures that
   * fit its budgets. Unused on a chain with nonces.
   */
  readonly rewardAddresses: readonly Address[];
  readonly policy: MinerPolicy;
  readonly search: SearchOptions;
  /** Trains the candidates; the built-in trainer on `workers` threads when absent. */
  readonly trainer?: CandidateTrainer;
  /** Training seconds per candidate architecture (per round of candidates under the search policy). */
  readonly timeBudgetSeconds: number;
  /** Single policy: a candidate whose validation accuracy is still under the threshold's floor after this long is abandoned. */
  readonly stallSeconds: number;
  /** Architectures with fewer parameters are skipped: too small to reach a high score (the miner's choice). */
  readonly minParams: number;
  /** Cost-model limits: training memory, and the FLOP/s the training-time estimate assumes. */
  readonly maxMemoryBytes: number;
  readonly flopsPerSecond: number;
  /** At most this many transactions per block (the chain's limit when larger). */
  readonly maxTxs: number;
  /**
   * The share of those taken first by pending storage proofs, ahead of fee-paying transactions: keepers are paid
   * by issuance, not fees, and a missed proof costs an honest keeper its bond.
   */
  readonly proofShare: number;
  /** The built-in trainer's threads (`--cores`). */
  readonly workers: number;
  /** How many of them compute at each step: the node lowers it while it verifies a block (cores.ts). */
  readonly threadLimit?: ThreadLimit;
  /** Overrides of the per-size defaults (hyper-params.ts). */
  readonly hyperParams: Partial<HyperParams>;
  /** Seconds since the Unix epoch. */
  readonly clock: () => number;
  /** A fresh random nonce. */
  readonly nonce: () => bigint;
  readonly log: (event: MinerEvent) => void;
}

export const DEFAULT_MINER_OPTIONS: Omit<MinerOptions, 'miner'> = {
  rewardAddresses: [],
  policy: 'search',
  // 6 probes of 1/24 of the budget take a quarter of it; the survivors share the rest.
  search: { candidates: 6, eta: 2, probeFraction: 1 / 24 },
  timeBudgetSeconds: 120,
  stallSeconds: 20,
  // On the bundled digits, derived networks under ~5k parameters mostly stay below 90% validation accuracy.
  minParams: 5_000,
  maxMemoryBytes: 1 << 30,
  // The WebAssembly SIMD kernels train the default grammar's networks at about 5-10 GFLOP/s on one laptop core.
  flopsPerSecond: 5e9,
  maxTxs: 1000,
  proofShare: 0.25,
  workers: availableParallelism(),
  hyperParams: {},
  clock: () => Math.floor(Date.now() / 1000),
  nonce: () => randomBytes(8).readBigUInt64BE(),
  log: () => {},
};
