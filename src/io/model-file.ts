// Reading and writing model files; errors name the file.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { MAX_MODEL_BYTES, decodeModel, encodeModel } from '../ml/model/codec.js';
import { ModelFileError, type Model } from '../ml/model/model.js';

/** The file's bytes (checked to decode) and the model; the size is checked before reading. */
export function readModelFile(path: string): { bytes: Uint8Array; model: Model } {
  let bytes: Uint8Array;
  try {
    const { size } = statSync(path);
    if (size > MAX_MODEL_BYTES) throw new ModelFileError(`${path}: ${size} bytes, over the ${MAX_MODEL_BYTES} limit`);
    bytes = readFileSync(path);
  } catch (err) {
    if (err instanceof ModelFileError) throw err;
    throw new ModelFileError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return { bytes, model: decodeModel(bytes) };
  } catch (err) {
    if (err instanceof ModelFileError) throw new ModelFileError(`${path}: ${err.message}`);
    throw err;
  }
}

export function writeModelFile(path: string, model: Model): Uint8Array {
  const bytes = encodeModel(model);
  writeFileSync(path, bytes);
  return bytes;
}
