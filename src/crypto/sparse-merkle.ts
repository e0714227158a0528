// A compact binary sparse Merkle tree over 256-bit keys (docs/PROTOCOL.md 1.1), after Diem's Jellyfish tree: the
// subtree of a set S of leaves at depth d (keys agreeing on their first d bits) hashes as
//   S empty         -> EMPTY     = SHA3-256(0x12)
//   S = {(k, v)}    -> leaf      = SHA3-256(0x10 ‖ k ‖ SHA3-256(v))      whatever d is
//   |S| ≥ 2         -> internal  = SHA3-256(0x11 ‖ h(S₀, d+1) ‖ h(S₁, d+1)), Sᵦ the keys whose bit d is b
// (bit 0 is the most significant bit of byte 0). A subtree of one leaf being that leaf keeps the depth near
// log2(n) for hashed keys. Nodes are immutable and shared between versions: an update copies only the paths it
// changes, and hashes are computed once per node on demand, so the root after k changes costs O(k · log n).
import { compareBytes } from '../codec/bytes.js';
import { bytesEqual, toHex } from '../codec/hex.js';
import { sha3_256 } from './hash.js';

export const SMT_KEY_LENGTH = 32;
const LEAF_TAG = Uint8Array.of(0x10);
const INTERNAL_TAG = Uint8Array.of(0x11);
export const SMT_EMPTY_HASH = sha3_256(Uint8Array.of(0x12));

export function smtLeafHash(key: Uint8Array, value: Uint8Array): Uint8Array {
  return sha3_256(LEAF_TAG, key, sha3_256(value));
}

export function smtInternalHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha3_256(INTERNAL_TAG, left, right);
}

function bit(key: Uint8Array, depth: number): number {
  return (key[depth >> 3] >> (7 - (depth & 7))) & 1;
}

class Leaf {
  private cached: Uint8Array | undefined;
  constructor(
    readonly key: Uint8Array,
    readonly value: Uint8Array,
  ) {}
  get hash(): Uint8Array {
    return (this.cached ??= smtLeafHash(this.key, this.value));
  }
}

class Internal {
  private cached: Uint8Array | undefined;
  constructor(
    readonly left: Node | undefined,
    readonly right: Node | undefined,
  ) {}
  get hash(): Uint8Array {
    return (this.cached ??= smtInternalHash(hashOf(this.left), hashOf(this.right)));
  }
}

type Node = Leaf | Internal;

function hashOf(node: Node | undefined): Uint8Array {
  return node ? node.hash : SMT_EMPTY_HASH;
}

/** The subtree at `depth` holding the two leaves `a` and `b` (distinct keys that agree on the first depth bits). */
function split(a: Leaf, b: Leaf, depth: number): Internal {
  const ba = bit(a.key, depth);
  if (ba !== bit(b.key, depth)) return ba === 0 ? new Internal(a, b) : new Internal(b, a);
  const below = split(a, b, depth + 1);
  return ba === 0 ? new Internal(below, undefined) : new Internal(undefined, below);
}

function insert(node: Node | undefined, leaf: Leaf, depth: number): Node {
  if (!node) return leaf;
  if (node instanceof Leaf) return bytesEqual(node.key, leaf.key) ? leaf : split(node, leaf, depth);
  return bit(leaf.key, depth) === 0
    ? new Internal(insert(node.left, leaf, depth + 1), node.right)
    : new Internal(node.left, insert(node.right, leaf, depth + 1));
}

function remove(node: Node | undefined, key: Uint8Array, depth: number): Node | undefined {
  if (!node) return undefined;
  if (node instanceof Leaf) return bytesEqual(node.key, key) ? undefined : node;
  const goRight = bit(key, depth) === 1;
  const child = goRight ? node.right : node.left;
  const next = remove(child, key, depth + 1);
  if (next === child) return node;
  const left = goRight ? node.left : next;
  const right = goRight ? next : node.right;
  // A subtree left with a single leaf is that leaf (the compact rule), so the leaf moves up.
  if (!left && right instanceof Leaf) return right;
  if (!right && left instanceof Leaf) return left;
  if (!left && !right) return undefined;
  return new Internal(left, right);
}

function lookup(top: Node | undefined, key: Uint8Array): Uint8Array | undefined {
  let node = top;
  for (let depth = 0; node instanceof Internal; depth++) node = bit(key, depth) === 0 ? node.left : node.right;
  return node && bytesEqual(node.key, key) ? node.value : undefined;
}

function checkKey(key: Uint8Array): void {
  if (key.length !== SMT_KEY_LENGTH) throw new RangeError(`a tree key is ${SMT_KEY_LENGTH} bytes, not ${key.length}`);
}

/** An immutable version of the tree; every update returns a new version and leaves this one as it is. */
export class SparseMerkleTree {
  private constructor(
    private readonly top: Node | undefined,
    /** How many leaves the tree holds. */
    readonly size: number,
  ) {}

  static readonly empty = new SparseMerkleTree(undefined, 0);

  /**
   * The tree of a set of (key, value) built in one pass by the definition (sort, then split on each bit): O(n)
   * nodes, where n updates would allocate a path each. Keys must be distinct.
   */
  static fromEntries(entries: Iterable<readonly [Uint8Array, Uint8Array]>): SparseMerkleTree {
    const leaves: Leaf[] = [];
    for (const [key, value] of entries) {
      checkKey(key);
      leaves.push(new Leaf(key.slice(), value.slice()));
    }
    leaves.sort((a, b) => compareBytes(a.key, b.key));
    for (let i = 1; i < leaves.length; i++) {
      if (bytesEqual(leaves[i - 1].key, leaves[i].key))
        throw new RangeError(`duplicate tree key ${toHex(leaves[i].key)}`);
    }
    const build = (from: number, to: number, depth: number): Node | undefined => {
      if (from === to) return undefined;
      if (to - from === 1) return leaves[from];
      let mid = from;
      while (mid < to && bit(leaves[mid].key, depth) === 0) mid++;
      return new Internal(build(from, mid, depth + 1), build(mid, to, depth + 1));
    };
    return new SparseMerkleTree(build(0, leaves.length, 0), leaves.length);
  }

  get(key: Uint8Array): Uint8Array | undefined {
    checkKey(key);
    return lookup(this.top, key);
  }

  /** A new version with each (key, value) set, or removed where the value is undefined, in the order given. */
  update(changes: Iterable<readonly [Uint8Array, Uint8Array | undefined]>): SparseMerkleTree {
    let top = this.top;
    let size = this.size;
    for (const [key, value] of changes) {
      checkKey(key);
      const had = lookup(top, key) !== undefined;
      if (value === undefined) {
        if (had) top = remove(top, key, 0);
        size -= had ? 1 : 0;
      } else {
        top = insert(top, new Leaf(key.slice(), value.slice()), 0);
        size += had ? 0 : 1;
      }
    }
    return new SparseMerkleTree(top, size);
  }

  root(): Uint8Array {
    return hashOf(this.top);
  }

  /** Every (key, value), in ascending key order. */
  *entries(): Generator<[Uint8Array, Uint8Array]> {
    const stack: (Node | undefined)[] = [this.top];
    while (stack.length > 0) {
      const node = stack.pop();
      if (node instanceof Leaf) yield [node.key, node.value];
      else if (node) stack.push(node.right, node.left);
    }
  }
}
