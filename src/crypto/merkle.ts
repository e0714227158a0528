// Binary Merkle tree over SHA3-256, domain-separated so that a leaf can never pose as an inner node.
//   leaf    = SHA3-256(0x00 ‖ data)
//   node    = SHA3-256(0x01 ‖ left ‖ right)
//   a level with an odd count carries its last node up unchanged (no duplication, so no two
//   different leaf lists share a root), and the root of an empty list is SHA3-256(0x02).
import { sha3_256 } from './hash.js';
import { bytesEqual } from '../codec/hex.js';

const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);
const EMPTY = Uint8Array.of(2);

export function merkleLeaf(data: Uint8Array): Uint8Array {
  return sha3_256(LEAF, data);
}

function merkleNode(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha3_256(NODE, left, right);
}

function nextLevel(level: Uint8Array[]): Uint8Array[] {
  const next: Uint8Array[] = [];
  for (let i = 0; i + 1 < level.length; i += 2) next.push(merkleNode(level[i], level[i + 1]));
  if (level.length % 2 === 1) next.push(level[level.length - 1]);
  return next;
}

/** Root over leaves given as raw data (each hashed with merkleLeaf). */
export function merkleRoot(items: readonly Uint8Array[]): Uint8Array {
  if (items.length === 0) return sha3_256(EMPTY);
  let level = items.map(merkleLeaf);
  while (level.length > 1) level = nextLevel(level);
  return level[0];
}

/** The sibling hashes from leaf `index` up to the root, skipping levels where the node is carried up. */
export interface MerkleProof {
  index: number;
  count: number;
  siblings: Uint8Array[];
}

export function merkleProof(items: readonly Uint8Array[], index: number): MerkleProof {
  if (!Number.isInteger(index) || index < 0 || index >= items.length) {
    throw new RangeError(`merkle proof index ${index} out of range 0..${items.length - 1}`);
  }
  const siblings: Uint8Array[] = [];
  let level = items.map(merkleLeaf);
  let i = index;
  while (level.length > 1) {
    const sib = i ^ 1;
    if (sib < level.length) siblings.push(level[sib]);
    level = nextLevel(level);
    i >>= 1;
  }
  return { index, count: items.length, siblings };
}

/** Every leaf's proof, hashing the tree once (merkleProof per index would hash it once per leaf). */
export function merkleProofs(items: readonly Uint8Array[]): MerkleProof[] {
  const proofs = items.map((_, index): MerkleProof => ({ index, count: items.length, siblings: [] }));
  let level = items.map(merkleLeaf);
  // positions[i]: where leaf i's ancestor sits in the current level.
  const positions = items.map((_, i) => i);
  while (level.length > 1) {
    for (const proof of proofs) {
      const sib = positions[proof.index] ^ 1;
      if (sib < level.length) proof.siblings.push(level[sib]);
      positions[proof.index] >>= 1;
    }
    level = nextLevel(level);
  }
  return proofs;
}

/** True when `data` is leaf `proof.index` of a tree of `proof.count` leaves with this root. */
export function merkleVerify(root: Uint8Array, data: Uint8Array, proof: MerkleProof): boolean {
  const { index, count } = proof;
  if (!Number.isInteger(index) || !Number.isInteger(count) || index < 0 || index >= count) return false;
  let h = merkleLeaf(data);
  let i = index;
  let n = count;
  let s = 0;
  while (n > 1) {
    const sib = i ^ 1;
    if (sib < n) {
      const other = proof.siblings[s++];
      if (!other) return false;
      h = i % 2 === 0 ? merkleNode(h, other) : merkleNode(other, h);
    }
    i >>= 1;
    n = Math.ceil(n / 2);
  }
  return s === proof.siblings.length && bytesEqual(h, root);
}
