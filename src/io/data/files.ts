// Reading data files: gzip is recognised by its magic bytes, whatever the file is called.
import { readFileSync } from 'node:fs';
import { DatasetError } from '../../ml/data/dataset.js';
import { gunzip, isGzip } from '../../ml/data/gunzip.js';
import { MAX_GUNZIPPED_BYTES } from '../../ml/data/pack.js';

export function readRaw(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new DatasetError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export function gunzipIfNeeded(bytes: Uint8Array, path: string): Uint8Array {
  return isGzip(bytes) ? gunzip(bytes, path, MAX_GUNZIPPED_BYTES) : bytes;
}
