// loadDataset('default' | DIR): the bundled digits, or a folder with manifest.json (files checked against their
// SHA3-256) or the four MNIST IDX files, parsed from its export as a proposed data set's pack is.
import { datasetFromFiles } from '../../ml/data/pack.js';
import type { Dataset } from '../../ml/data/dataset.js';
import { DEFAULT_DATASET, exportDataset } from './export.js';
import { loadMnistPackage } from './mnist-package.js';

export function loadDataset(spec: string): Dataset {
  if (spec === DEFAULT_DATASET) return loadMnistPackage();
  return datasetFromFiles(exportDataset(spec), spec);
}
