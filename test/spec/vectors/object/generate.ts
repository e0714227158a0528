// Makes the object root vector (docs/PROTOCOL.md 4.2, NETWORK.md chunks): `node --import tsx
// test/spec/vectors/object/generate.ts` rewrites vectors.json; test/spec/crypto/object-root.test.ts checks the
// committed file against this and against object_root_reference.py, written from the spec alone.
import { writeFileSync } from 'node:fs';
import { toHex } from '../../../../src/codec/hex.js';
import { merkleProofAt } from '../../../../src/crypto/merkle.js';
import {
  CHUNK_BYTES,
  chunkNode,
  cut,
  segmentCount,
  segmentProof,
  segmentRoot,
  SEGMENTS_PER_CHUNK,
  upperLevels,
} from '../../../../src/crypto/segment-tree.js';

const SIZE = 70_000;
const SEGMENT = 65;
const CHUNK = 1;

/** Byte i of the vector file is i mod 251: two chunks, the second of 5 segments, the last of them 368 bytes. */
export function vectorFile(): Uint8Array {
  return Uint8Array.from({ length: SIZE }, (_, i) => i % 251);
}

export function makeObjectVector() {
  const file = vectorFile();
  const upper = upperLevels(file);
  const chunks = cut(file, CHUNK_BYTES);
  const proof = segmentProof(chunks[Math.floor(SEGMENT / SEGMENTS_PER_CHUNK)], upper, SEGMENT);
  return {
    description:
      'The object root (docs/PROTOCOL.md 4.2) of a 70,000-byte file whose byte i is i mod 251: the Merkle root ' +
      'over its 1 KiB segments. segmentProof: the storage proof of one segment (its bytes and the siblings from ' +
      "its leaf up). chunk: a chunk's node (the root of its own segments) and the path the chunk protocol sends " +
      'with it, from the chunk node up (NETWORK.md).',
    file: { size: SIZE, byte: 'i mod 251' },
    root: toHex(segmentRoot(file)),
    segmentCount: segmentCount(SIZE),
    chunkNodes: upper[0].map(toHex),
    segmentProof: { index: proof.index, segment: toHex(proof.segment), siblings: proof.siblings.map(toHex) },
    chunk: {
      index: CHUNK,
      bytes: chunks[CHUNK].length,
      node: toHex(chunkNode(chunks[CHUNK])),
      proof: merkleProofAt(upper, CHUNK).siblings.map(toHex),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('vectors.json', import.meta.url), JSON.stringify(makeObjectVector(), null, 2) + '\n');
}
