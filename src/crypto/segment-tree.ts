// The root of a stored object (a block's model file, a data set file): the Merkle tree (merkle.ts) over the file cut
// into 1 KiB segments, the last one shorter. A storage proof is one segment and its path: under 2 KiB for any file
// up to 2^30 bytes (1 KiB + 20 siblings of 32 bytes). The 64 KiB chunks the network moves are aligned subtrees of 64
// segments, so a chunk is checked by hashing its own segments up to its subtree's root (chunkNode) and proving that
// node against the upper levels, which are all a holder needs to keep beside the file (docs/PROTOCOL.md 4.2).
import { merkleProofAt, merkleRoot, merkleTree, merkleTreeOver, merkleVerify, type MerkleProof } from './merkle.js';

export const SEGMENT_BYTES = 1024;
/** Segments per chunk: a power of two, so every chunk but the last is a complete subtree of the segment tree. */
export const SEGMENTS_PER_CHUNK = 64;
export const CHUNK_BYTES = SEGMENT_BYTES * SEGMENTS_PER_CHUNK;

/** How many segments a file of `size` bytes (≥ 1) has. */
export function segmentCount(size: number): number {
  return Math.ceil(size / SEGMENT_BYTES);
}

/** `bytes` cut into pieces of `size` bytes (views, not copies), the last one possibly shorter. */
export function cut(bytes: Uint8Array, size: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) pieces.push(bytes.subarray(at, at + size));
  return pieces;
}

/** The object root of a (non-empty) file. */
export function segmentRoot(file: Uint8Array): Uint8Array {
  if (file.length === 0) throw new RangeError('a stored object has at least one byte');
  return merkleRoot(cut(file, SEGMENT_BYTES));
}

/** The node of the segment tree that a chunk's segments hash up to (what the upper levels hold). */
export function chunkNode(chunk: Uint8Array): Uint8Array {
  return segmentRoot(chunk);
}

/** The levels of the segment tree from the chunk nodes up to the root (the root's level, one node, last). */
export function upperLevels(file: Uint8Array): Uint8Array[][] {
  if (file.length === 0) throw new RangeError('a stored object has at least one byte');
  return merkleTreeOver(cut(file, CHUNK_BYTES).map(chunkNode));
}

export interface SegmentProof {
  readonly index: number;
  readonly segment: Uint8Array;
  /** From the segment's sibling up to the root's children, skipping levels where the node is carried up. */
  readonly siblings: readonly Uint8Array[];
}

/**
 * The proof of segment `index`, from the chunk holding it (chunk `floor(index / SEGMENTS_PER_CHUNK)`) and the upper
 * levels: hashes one chunk, never the whole file.
 */
export function segmentProof(
  chunk: Uint8Array,
  upper: readonly (readonly Uint8Array[])[],
  index: number,
): SegmentProof {
  const segments = cut(chunk, SEGMENT_BYTES);
  const inner = merkleProofAt(merkleTree(segments), index % SEGMENTS_PER_CHUNK);
  const outer = merkleProofAt(upper, Math.floor(index / SEGMENTS_PER_CHUNK));
  return { index, segment: segments[index % SEGMENTS_PER_CHUNK], siblings: [...inner.siblings, ...outer.siblings] };
}

/** The bytes segment `index` of a `size`-byte file has: SEGMENT_BYTES, the last one shorter; 0 past the end. */
export function segmentLength(size: number, index: number): number {
  return Math.max(0, Math.min(SEGMENT_BYTES, size - index * SEGMENT_BYTES));
}

/** True when `proof` shows its segment is segment `proof.index` of the `size`-byte object of this root. */
export function verifySegmentProof(root: Uint8Array, size: number, proof: SegmentProof): boolean {
  if (!Number.isSafeInteger(size) || size < 1) return false;
  if (segmentLength(size, proof.index) !== proof.segment.length) return false;
  const path: MerkleProof = { index: proof.index, count: segmentCount(size), siblings: [...proof.siblings] };
  return merkleVerify(root, proof.segment, path);
}
