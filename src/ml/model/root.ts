// The model root committed in blocks: the Merkle root (src/crypto/merkle.ts) of the model file cut
// into 64 KiB chunks (the last one shorter), so a peer can fetch and check a model chunk by chunk.
import { merkleRoot } from '../../crypto/merkle.js';

export const MODEL_CHUNK_BYTES = 64 * 1024;

export function modelChunks(file: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < file.length; at += MODEL_CHUNK_BYTES) chunks.push(file.subarray(at, at + MODEL_CHUNK_BYTES));
  return chunks;
}

export function modelRoot(file: Uint8Array): Uint8Array {
  return merkleRoot(modelChunks(file));
}
