// Reading data files: gzip is recognised by its magic bytes, whatever the file is called.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DatasetError } from '../../ml/data/dataset.js';

export function readRaw(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new DatasetError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export function gunzipIfNeeded(bytes: Uint8Array, path: string): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (err) {
    throw new DatasetError(`${path}: corrupt gzip data (${(err as Error).message})`);
  }
}
