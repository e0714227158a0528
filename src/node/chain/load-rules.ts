// Loads what a chain config names, the grammar file and the problem's data set, and checks them against the ids
// the config pins: a node must never evaluate blocks on other data or derive with another grammar. The data set's
// files, exported as stored objects (src/io/data/export.ts), must be the chain's data objects, root and size.
import { dirname, join } from 'node:path';
import type { GenesisConfig } from '../../consensus/genesis-config.js';
import { bytesEqual, toHex } from '../../codec/hex.js';
import { problemId, validationDigest } from '../../consensus/problem.js';
import type { ConsensusRules } from '../../consensus/rules.js';
import { DEFAULT_GRAMMAR_PATH, loadGrammar } from '../../io/grammar-file.js';
import { DatasetError, type Dataset } from '../../ml/data/dataset.js';
import { describe } from '../../io/data/inputs.js';
import { loadDataset } from '../../io/data/load.js';
import { checkDataObjects, exportDataset, type DataFile } from '../../io/data/export.js';

export const GRAMMARS_DIR = dirname(DEFAULT_GRAMMAR_PATH);

export interface LoadedRules {
  readonly rules: ConsensusRules;
  /** The whole data set: the miner trains on its train split. */
  readonly dataset: Dataset;
  /** Its files as the chain's data objects (config.data), for the node to store and serve. */
  readonly files: readonly DataFile[];
}

export function loadRules(config: GenesisConfig): LoadedRules {
  const { problem } = config;
  const grammar = loadGrammar(join(GRAMMARS_DIR, config.grammar.file));
  if (!bytesEqual(grammar.id, config.grammar.id)) {
    throw new DatasetError(
      `${grammar.path}: grammar id ${toHex(grammar.id)} is not the chain's ${toHex(config.grammar.id)}`,
    );
  }
  const dataset = loadDataset(problem.dataset);
  if (
    describe(dataset.input) !== describe(problem.input) ||
    dataset.classes !== problem.classes ||
    dataset.metric !== problem.metric
  ) {
    throw new DatasetError(
      `${problem.dataset}: ${describe(dataset.input)} in ${dataset.classes} classes by ${dataset.metric}, ` +
        `the problem is ${describe(problem.input)} in ${problem.classes} classes by ${problem.metric}`,
    );
  }
  const digest = validationDigest(dataset.validation);
  if (!bytesEqual(digest, problem.validationDigest)) {
    throw new DatasetError(
      `${problem.dataset}: validation digest ${toHex(digest)} is not the problem's ${toHex(problem.validationDigest)}`,
    );
  }
  const files = exportDataset(problem.dataset);
  checkDataObjects(problem.dataset, files, config.data);
  return {
    files,
    rules: {
      params: config.params,
      problem,
      problemId: problemId(problem),
      grammar: grammar.grammar,
      grammarId: grammar.id,
      validation: dataset.validation,
    },
    dataset,
  };
}
