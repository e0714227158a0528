// loadDataset('default' | DIR): the bundled digits, a folder with manifest.json (files checked
// against their SHA3-256), or a folder holding the four MNIST IDX files.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { shapeSize } from '../../arch/ir.js';
import { sha3_256 } from '../../crypto/hash.js';
import { DatasetError, type Dataset } from '../../ml/data/dataset.js';
import { parseCsv } from '../../ml/data/csv.js';
import { gunzipIfNeeded, readRaw } from './files.js';
import { idxSplit } from '../../ml/data/idx-split.js';
import { parseManifest, type Manifest, type SplitSource } from '../../ml/data/manifest.js';
import { isMnistDir, loadMnistDir } from './mnist-dir.js';
import { loadMnistPackage } from './mnist-package.js';
import type { Split } from '../../ml/data/split.js';

export const DEFAULT_DATASET = 'default';
export const MANIFEST_FILE = 'manifest.json';

export function loadDataset(spec: string): Dataset {
  if (spec === DEFAULT_DATASET) return loadMnistPackage();
  if (!existsSync(spec) || !statSync(spec).isDirectory()) {
    throw new DatasetError(`${spec}: not a folder (give a data set folder or '${DEFAULT_DATASET}')`);
  }
  const manifestFile = join(spec, MANIFEST_FILE);
  if (existsSync(manifestFile)) return loadManifestDir(spec, manifestFile);
  if (isMnistDir(spec)) return loadMnistDir(spec);
  throw new DatasetError(`${spec}: holds neither ${MANIFEST_FILE} nor the four MNIST IDX files`);
}

function loadManifestDir(dir: string, manifestFile: string): Dataset {
  const m = parseManifest(readFileSync(manifestFile, 'utf8'), manifestFile);
  const split = (source: SplitSource) => loadSplit(dir, m, source);
  return {
    name: m.name,
    input: m.input,
    classes: m.classes,
    metric: m.metric,
    train: split(m.splits.train),
    validation: split(m.splits.validation),
    ...(m.splits.test && { test: split(m.splits.test) }),
  };
}

function loadSplit(dir: string, m: Manifest, source: SplitSource): Split {
  const read = (name: string): { bytes: Uint8Array; path: string } => {
    const path = join(dir, name);
    const raw = readRaw(path);
    const digest = Buffer.from(sha3_256(raw)).toString('hex');
    if (digest !== m.files[name]) {
      throw new DatasetError(`${path}: SHA3-256 ${digest} does not match the manifest's ${m.files[name]}`);
    }
    return { bytes: gunzipIfNeeded(raw, path), path };
  };
  if ('csv' in source) {
    const f = read(source.csv);
    return parseCsv(Buffer.from(f.bytes).toString('utf8'), f.path, shapeSize(m.input), m.classes, source.scale);
  }
  if (m.input.kind !== 'image' || m.input.c !== 1) {
    throw new DatasetError(`${join(dir, source.images)}: IDX images need a one-channel image input`);
  }
  const [images, labels] = [read(source.images), read(source.labels)];
  return idxSplit(images.bytes, images.path, labels.bytes, labels.path, m.input, m.classes);
}
