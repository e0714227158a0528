// The canonical export of a problem's data set as stored objects (docs/PROTOCOL.md 2.6, data objects): the files a
// chain pins by segment root and size in its genesis config ("storage"."data") and keepers hold. For 'default', the
// bundled digits as IDX files (mnist-package.ts); for a folder with manifest.json, manifest.json and then every file
// it lists, in name order; for a folder of the four MNIST files, those files as they lie. Bytes are exported as
// stored (a gzipped file stays gzipped), so the export is the folder itself, never a re-encoding.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bytesEqual, toHex } from '../../codec/hex.js';
import { segmentRoot } from '../../crypto/segment-tree.js';
import type { DataFileRef } from '../../consensus/storage-config.js';
import { DatasetError } from '../../ml/data/dataset.js';
import { parseManifest } from '../../ml/data/manifest.js';
import { encodePack, MANIFEST_FILE, MNIST_FILE_NAMES, type DataFile } from '../../ml/data/pack.js';
import { readRaw } from './files.js';
import { isMnistDir } from './mnist-dir.js';
import { digitsFiles } from './mnist-package.js';

export type { DataFile };

export const DEFAULT_DATASET = 'default';

/** The files of the data set `spec` names (as loadDataset reads it), in their canonical order. */
export function exportDataset(spec: string): DataFile[] {
  if (spec === DEFAULT_DATASET) return digitsFiles();
  if (!existsSync(spec) || !statSync(spec).isDirectory()) {
    throw new DatasetError(`${spec}: not a folder (give a data set folder or '${DEFAULT_DATASET}')`);
  }
  const manifestFile = join(spec, MANIFEST_FILE);
  if (existsSync(manifestFile)) {
    const manifest = readRaw(manifestFile);
    const listed = Object.keys(parseManifest(Buffer.from(manifest).toString('utf8'), manifestFile).files).sort();
    return [
      { name: MANIFEST_FILE, bytes: manifest },
      ...listed.map((name) => ({ name, bytes: readRaw(join(spec, name)) })),
    ];
  }
  if (isMnistDir(spec)) {
    const present = new Set(readdirSync(spec));
    return MNIST_FILE_NAMES.map((base) => {
      const name = present.has(base) ? base : `${base}.gz`;
      return { name, bytes: new Uint8Array(readFileSync(join(spec, name))) };
    });
  }
  throw new DatasetError(`${spec}: holds neither ${MANIFEST_FILE} nor the four MNIST IDX files`);
}

/** The pack (one stored object, docs/PROTOCOL.md 7.3) of the data set folder `dir`, as a proposed problem names it. */
export function packDataset(dir: string): Uint8Array {
  return encodePack(exportDataset(dir));
}

export function dataObject(file: DataFile): DataFileRef {
  if (file.bytes.length === 0) throw new DatasetError(`${file.name}: an empty file cannot be a stored object`);
  return { name: file.name, root: segmentRoot(file.bytes), size: file.bytes.length };
}

/**
 * Checks the exported `files` against the objects the chain pins: the same names in the same order, each with its
 * root and size; throws a DatasetError naming the first file that differs and both roots.
 */
export function checkDataObjects(spec: string, files: readonly DataFile[], pinned: readonly DataFileRef[]): void {
  const local = files.map(dataObject);
  for (let i = 0; i < Math.max(local.length, pinned.length); i++) {
    const [mine, chain] = [local[i], pinned[i]];
    if (!chain) throw new DatasetError(`${spec}: ${mine!.name} is not among the chain's data objects`);
    if (!mine) throw new DatasetError(`${spec}: no ${chain.name}, which the chain pins as its data object ${i}`);
    if (mine.name !== chain.name || mine.size !== chain.size || !bytesEqual(mine.root, chain.root)) {
      throw new DatasetError(
        `${spec}: ${mine.name} (${mine.size} bytes) has root ${toHex(mine.root)}; ` +
          `the chain pins ${chain.name} (${chain.size} bytes) with root ${toHex(chain.root)}`,
      );
    }
  }
}
