// The miner's share of the machine's cores. A node mining beside its verification pool trains on `--cores`
// threads, by default every core but the verification threads; while the node evaluates a block the miner gives
// back the cores that verification needs beyond those the miner leaves spare, between two training steps (the
// ThreadLimit its trainer reads), and takes them again once the evaluation is done. So a gossiped block is verified
// at full speed whatever the miner does, and the miner loses no run.
import { availableParallelism } from 'node:os';
import { ThreadLimit } from '../../ml/train/thread-limit.js';

/** What a node mining with `verifyThreads` evaluation threads trains on by default: the other cores, at least 1. */
export function defaultMinerCores(verifyThreads: number, machine = availableParallelism()): number {
  return Math.max(1, machine - verifyThreads);
}

/** The thread limit of a miner on `cores` threads, and `verifying(busy)`, which the node calls as evaluations start and end. */
export function yieldingCores(
  cores: number,
  verifyThreads: number,
  machine = availableParallelism(),
): { readonly limit: ThreadLimit; readonly verifying: (busy: boolean) => void } {
  const limit = new ThreadLimit(cores);
  const spare = Math.max(0, machine - cores);
  const whileVerifying = Math.max(1, cores - Math.max(0, verifyThreads - spare));
  return { limit, verifying: (busy) => limit.set(busy ? whileVerifying : cores) };
}
