// Chunks of stored objects by root: the request names an object root and a chunk index; the response is one frame
// holding the chunk and the path that places its chunk node under the root (the requester verifies it:
// verifyChunk), or no frame when the responder does not have that chunk.
import { Reader } from '../../codec/reader.js';
import { Writer } from '../../codec/writer.js';
import { HASH_LENGTH } from '../../chain/header.js';
import { merkleVerifyNode } from '../../crypto/merkle.js';
import { CHUNK_BYTES, chunkNode } from '../../crypto/segment-tree.js';

export interface ChunkRequest {
  readonly root: Uint8Array;
  readonly index: number;
}

export interface ModelChunk {
  readonly data: Uint8Array;
  /** Sibling hashes from the chunk's node in the object's upper levels up to the root (merkleProofAt(upper, index)). */
  readonly proof: readonly Uint8Array[];
}

export const CHUNK_REQUEST_MAX_BYTES = HASH_LENGTH + 5;
/** A proof this deep covers 2^64 chunks. */
const MAX_PROOF_DEPTH = 64;

export function encodeChunkRequest(req: ChunkRequest): Uint8Array {
  return new Writer().fixed('root', req.root, HASH_LENGTH).varint('index', req.index, 32).finish();
}

export function decodeChunkRequest(bytes: Uint8Array): ChunkRequest {
  const r = new Reader(bytes);
  const req = { root: r.fixed('root', HASH_LENGTH), index: r.uint('index', 0xffff_ffff) };
  r.end('chunk request');
  return req;
}

export function encodeModelChunk(chunk: ModelChunk): Uint8Array {
  if (chunk.proof.length > MAX_PROOF_DEPTH) throw new RangeError(`proof of ${chunk.proof.length} hashes`);
  const w = new Writer().varBytes('data', chunk.data, 0xffff_ffff).varint('proof length', chunk.proof.length, 7);
  for (const sibling of chunk.proof) w.fixed('proof', sibling, HASH_LENGTH);
  return w.finish();
}

export function decodeModelChunk(bytes: Uint8Array): ModelChunk {
  const r = new Reader(bytes);
  const data = r.varBytes('data', bytes.length);
  const depth = r.uint('proof length', MAX_PROOF_DEPTH);
  const proof = Array.from({ length: depth }, () => r.fixed('proof', HASH_LENGTH));
  r.end('model chunk');
  return { data, proof };
}

/** How many chunks an object of `size` bytes has. */
export function chunkCount(size: number): number {
  return Math.ceil(size / CHUNK_BYTES);
}

/**
 * True when `chunk` is chunk `index` of the `size`-byte object of this root: it has the chunk's length (CHUNK_BYTES,
 * the last shorter), and its chunk node (the root of its own segments) with the proof hashes up to the root.
 */
export function verifyChunk(root: Uint8Array, size: number, index: number, chunk: ModelChunk): boolean {
  const count = chunkCount(size);
  if (!Number.isSafeInteger(size) || size < 1 || !Number.isInteger(index) || index < 0 || index >= count) return false;
  if (chunk.data.length !== Math.min(CHUNK_BYTES, size - index * CHUNK_BYTES)) return false;
  return merkleVerifyNode(root, chunkNode(chunk.data), { index, count, siblings: [...chunk.proof] });
}
