// Opens a data directory as a running chain: the store, the model files, the consensus rules the config pins
// (grammar and data set checked), and the chain manager on top, settled on the best valid tip, its model directory
// swept of files no stored block needs.
import { join } from 'node:path';
import type { GenesisConfig } from '../../consensus/genesis-config.js';
import type { Evaluate } from '../../consensus/verify-block.js';
import type { Dataset } from '../../ml/data/dataset.js';
import { exactEvaluate } from '../../consensus/score-check.js';
import { openDataDir } from '../db/datadir.js';
import { ModelStore } from '../models/model-store.js';
import type { Mempool } from '../mempool/mempool.js';
import { ChainManager } from './chain-manager.js';
import { loadRules } from './load-rules.js';

export interface OpenChain {
  readonly config: GenesisConfig;
  readonly dataset: Dataset;
  readonly chain: ChainManager;
  readonly evaluate: Evaluate;
}

export const modelsPath = (dir: string) => join(dir, 'models');

export async function openChain(dir: string, mempool?: Mempool): Promise<OpenChain> {
  const { config, store } = await openDataDir(dir);
  try {
    const { rules, dataset } = loadRules(config);
    // In-process: on a validation split of a few thousand samples, starting worker threads costs more than it saves.
    const evaluate: Evaluate = exactEvaluate(rules.validation);
    const chain = new ChainManager(store, new ModelStore(modelsPath(dir)), rules, evaluate, mempool);
    await chain.settle();
    await chain.sweepModels();
    return { config, dataset, chain, evaluate };
  } catch (err) {
    await store.close();
    throw err;
  }
}
