// Opens a data directory as a running chain: the store, the model files, the consensus rules the config pins
// (grammar and data set checked), the evaluator, and the chain manager on top, settled on the best valid tip, its
// model directory swept of files no stored block needs (or, with a model cache, that it does not keep). The data
// set's files, exported as the chain's data objects (src/io/data/export.ts), go into <datadir>/data, an object
// store of their own beside the models, for the node to serve them; so do proposals' data packs and grammar files
// (the rules registry's content, remembered in <datadir>/rules), with an evaluator per problem.
import { join } from 'node:path';
import type { GenesisConfig } from '../../consensus/genesis-config.js';
import type { Evaluate } from '../../consensus/verify-block.js';
import type { Dataset } from '../../ml/data/dataset.js';
import { OrderedEvalPool } from '../../ml/eval-pool/ordered-pool.js';
import { exactEvaluate } from '../../consensus/score-check.js';
import { openDataDir } from '../db/datadir.js';
import { ObjectStore } from '../models/object-store.js';
import type { Mempool } from '../mempool/mempool.js';
import type { State } from '../../chain/state.js';
import type { AssumeValid } from './assume-valid.js';
import { ChainManager } from './chain-manager.js';
import { loadRules } from './load-rules.js';
import { RulesRegistry } from './rules-registry.js';
import type { Split } from '../../ml/data/split.js';

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

/** Which model files the node keeps beyond the blocks that need them (chain-manager.ts, ChainCaches.modelCache). */
export interface ModelRetention {
  /** Bytes of files kept in the least-recently-used cache. */
  readonly cacheBytes: number;
  /** Files kept whatever the cache holds: a keeper's assignments in the head state, say. */
  readonly wanted: (state: State, root: Uint8Array) => boolean;
}

export interface OpenChain {
  readonly config: GenesisConfig;
  readonly dataset: Dataset;
  readonly chain: ChainManager;
  /** The data set's files by object root. */
  readonly data: ObjectStore;
  readonly evaluate: Evaluate;
  /** Ends the evaluation threads (the store is closed apart). */
  stopEvaluating(): Promise<void>;
}

export const modelsPath = (dir: string) => join(dir, 'models');
export const dataPath = (dir: string) => join(dir, 'data');
export const rulesPath = (dir: string) => join(dir, 'rules');

export async function openChain(
  dir: string,
  mempool?: Mempool,
  verify: VerifyOptions = { threads: 0 },
  retention?: ModelRetention,
): Promise<OpenChain> {
  const { config, store } = await openDataDir(dir);
  const pools: OrderedEvalPool[] = [];
  const closePools = () => Promise.all(pools.map((p) => p.close()));
  /** Each problem's evaluation: in the pool's threads, or in-process. */
  const evaluator = (validation: Split): Evaluate => {
    if (verify.threads === 0) return observed(exactEvaluate(validation), verify);
    const pool = new OrderedEvalPool(validation, verify.threads);
    pools.push(pool);
    return observed(poolEvaluate(pool), verify);
  };
  try {
    const { rules, dataset, files } = loadRules(config);
    const evaluate = evaluator(rules.validation);
    const data = new ObjectStore(dataPath(dir));
    for (const file of files) await data.put(file.bytes);
    const registry = await RulesRegistry.open(config.params, rules, {
      dataset,
      objects: data,
      dir: rulesPath(dir),
      evaluator,
    });
    const caches = retention && { modelCache: retention.cacheBytes };
    const models = new ObjectStore(modelsPath(dir));
    const chain = new ChainManager(store, models, rules, evaluate, mempool, caches ?? {}, verify.assumeValid, registry);
    if (retention) chain.wantModels((root) => retention.wanted(store.state, root));
    await chain.settle();
    await chain.sweepModels();
    return { config, dataset, chain, data, evaluate, stopEvaluating: async () => void (await closePools()) };
  } catch (err) {
    await closePools();
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
