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
  const levels = merkleTree(items);
  return levels[levels.length - 1][0];
}

/** The sibling hashes from leaf `index` up to the root, skipping levels where the node is carried up. */
export interface MerkleProof {
  index: number;
  count: number;
  siblings: Uint8Array[];
}

export function merkleProof(items: readonly Uint8Array[], index: number): MerkleProof {
  return merkleProofAt(merkleTree(items), index);
}

/** Every leaf's proof, hashing the tree once (merkleProof per index would hash it once per leaf). */
export function merkleProofs(items: readonly Uint8Array[]): MerkleProof[] {
  const tree = merkleTree(items);
  return items.map((_, index) => merkleProofAt(tree, index));
}

/** Every level of the tree over `items`, the leaf hashes first and the root's level (one node) last. */
export function merkleTree(items: readonly Uint8Array[]): Uint8Array[][] {
  return merkleTreeOfLeaves(items.map(merkleLeaf));
}

/** Every level above leaf hashes already computed (merkleLeaf): a list of them, fetched, checks against a root. */
export function merkleTreeOfLeaves(leaves: Uint8Array[]): Uint8Array[][] {
  if (leaves.length === 0) throw new RangeError('a Merkle tree needs at least one leaf');
  const levels = [leaves];
  while (levels[levels.length - 1].length > 1) levels.push(nextLevel(levels[levels.length - 1]));
  return levels;
}

/** Leaf `index`'s proof read off a tree's levels (merkleTree), with no hashing: a server keeps the levels. */
export function merkleProofAt(levels: readonly (readonly Uint8Array[])[], index: number): MerkleProof {
  const count = levels[0].length;
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`merkle proof index ${index} out of range 0..${count - 1}`);
  }
  const siblings: Uint8Array[] = [];
  for (let d = 0, i = index; d < levels.length - 1; d++, i >>= 1) {
    const sib = i ^ 1;
    if (sib < levels[d].length) siblings.push(levels[d][sib]);
  }
  return { index, count, siblings };
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
