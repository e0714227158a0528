// The chain state: namespaced records (namespace.ts) as the leaves of one immutable sparse Merkle tree, whose root
// is the state root (docs/PROTOCOL.md 2.6). `update` returns a new State sharing every unchanged node with the
// old one, which stays intact; the root after a block costs O(changes · log records).
import { toHex } from '../codec/hex.js';
import type { Address } from '../crypto/address.js';
import { SparseMerkleTree } from '../crypto/sparse-merkle.js';
import { accountOf, type Account } from './account.js';
import { MODELS } from './models.js';
import { treeKey, type Namespace, type RecordChange } from './namespace.js';

/** Map key of an address: its lowercase hex, which sorts like the address bytes. */
export function addressKey(address: Address): string {
  return toHex(address);
}

export class State {
  private constructor(private readonly tree: SparseMerkleTree) {}

  static readonly empty = new State(SparseMerkleTree.empty);

  /** The state holding these records (distinct keys; undefined values are skipped), built in one pass. */
  static fromRecords(records: Iterable<RecordChange>): State {
    const leaves: [Uint8Array, Uint8Array][] = [];
    for (const r of records) if (r.value !== undefined) leaves.push([treeKey(r.ns, r.key), r.value]);
    return new State(SparseMerkleTree.fromEntries(leaves));
  }

  /** How many records the state holds, all namespaces together. */
  get size(): number {
    return this.tree.size;
  }

  /** The value of a record, undefined when absent. */
  record(ns: Namespace, key: Uint8Array): Uint8Array | undefined {
    return this.tree.get(treeKey(ns, key));
  }

  account(address: Address): Account {
    return accountOf(this, address);
  }

  /** True when a block of this chain already carried a model with these weights. */
  hasModel(digest: Uint8Array): boolean {
    return this.record(MODELS, digest) !== undefined;
  }

  /** A new State with the changes applied in order; the value undefined removes a record. */
  update(changes: Iterable<RecordChange>): State {
    const leaves: [Uint8Array, Uint8Array | undefined][] = [];
    for (const c of changes) leaves.push([treeKey(c.ns, c.key), c.value]);
    return new State(this.tree.update(leaves));
  }

  /** The state root: the tree's root. */
  root(): Uint8Array {
    return this.tree.root();
  }
}
