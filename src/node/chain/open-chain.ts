// Opens a data directory as a running chain: the store, the model files, the consensus rules the config pins
// (grammar and data set checked), the evaluator, and the chain manager on top, settled on the best valid tip, its
// model directory swept of files no stored block needs.
import { join } from 'node:path';
import type { GenesisConfig } from '../../consensus/genesis-config.js';
import type { Evaluate } from '../../consensus/verify-block.js';
import type { Dataset } from '../../ml/data/dataset.js';
import { OrderedEvalPool } from '../../ml/eval-pool/ordered-pool.js';
import { exactEvaluate } from '../../consensus/score-check.js';
import { openDataDir } from '../db/datadir.js';
import { ModelStore } from '../models/model-store.js';
import type { Mempool } from '../mempool/mempool.js';
import type { AssumeValid } from './assume-valid.js';
import { ChainManager } from './chain-manager.js';
import { loadRules } from './load-rules.js';

export interface VerifyOptions {
  /**
   * Evaluation threads. A node evaluates off its event loop (1 or more); 0 evaluates in-process, for the one-shot
   * commands with nothing else to serve meanwhile.
   */
  readonly threads: number;
  /** Told the samples of every evaluation run (a cached result runs none). */
  readonly onEvaluated?: (samples: number) => void;
  /** Told true when an evaluation starts with none running, false when the last running one ends (the miner yields). */
  readonly onVerifying?: (busy: boolean) => void;
  /** The node's assume-valid policy (none: every block is evaluated). */
  readonly assumeValid?: AssumeValid;
}

export interface OpenChain {
  readonly config: GenesisConfig;
  readonly dataset: Dataset;
  readonly chain: ChainManager;
  readonly evaluate: Evaluate;
  /** Ends the evaluation threads (the store is closed apart). */
  stopEvaluating(): Promise<void>;
}

export const modelsPath = (dir: string) => join(dir, 'models');

export async function openChain(
  dir: string,
  mempool?: Mempool,
  verify: VerifyOptions = { threads: 0 },
): Promise<OpenChain> {
  const { config, store } = await openDataDir(dir);
  let pool: OrderedEvalPool | undefined;
  try {
    const { rules, dataset } = loadRules(config);
    pool = verify.threads > 0 ? new OrderedEvalPool(rules.validation, verify.threads) : undefined;
    const evaluate = observed(pool ? poolEvaluate(pool) : exactEvaluate(rules.validation), verify);
    const models = new ModelStore(modelsPath(dir));
    const chain = new ChainManager(store, models, rules, evaluate, mempool, {}, verify.assumeValid);
    await chain.settle();
    await chain.sweepModels();
    const threads = pool;
    return { config, dataset, chain, evaluate, stopEvaluating: async () => threads?.close() };
  } catch (err) {
    await pool?.close();
    await store.close();
    throw err;
  }
}

/** The ordered evaluation in the pool's threads: the same result as exactEvaluate(split), the event loop free. */
export function poolEvaluate(pool: OrderedEvalPool): Evaluate {
  return (_model, file, check) => pool.evaluate(file, check.order, check.stop);
}

function observed(evaluate: Evaluate, { onEvaluated, onVerifying }: VerifyOptions): Evaluate {
  if (!onEvaluated && !onVerifying) return evaluate;
  let running = 0;
  return async (model, file, check) => {
    if (running++ === 0) onVerifying?.(true);
    try {
      const measured = await evaluate(model, file, check);
      onEvaluated?.(measured.evaluated);
      return measured;
    } finally {
      if (--running === 0) onVerifying?.(false);
    }
  };
}
