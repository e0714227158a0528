// Serves model-file chunks by Merkle root with their proofs. A request reads the one chunk it names and takes its
// proof from the file's stored tree (ModelStore.tree, a few KiB), kept in memory for the most recently asked files:
// a request for a root not held costs a file-existence check, one for a file out of the cache a tree read, never
// a whole file read or a rehash.
import { toHex } from '../../codec/hex.js';
import { merkleProofAt } from '../../crypto/merkle.js';
import type { ModelStore, ModelTree } from './model-store.js';
import type { ChunkRequest, ModelChunk } from '../p2p/chunk.js';

/** Trees kept in memory: each is 64 bytes per chunk (4 KiB for a 4 MiB model). */
const CACHED_TREES = 256;

export class ModelServer {
  private readonly trees = new Map<string, ModelTree>();

  constructor(private readonly models: ModelStore) {}

  async chunk({ root, index }: ChunkRequest): Promise<ModelChunk | undefined> {
    const tree = await this.tree(root);
    if (!tree || index >= tree[0].length) return undefined;
    const data = await this.models.chunk(root, index);
    return data && { data, proof: merkleProofAt(tree, index).siblings };
  }

  private async tree(root: Uint8Array): Promise<ModelTree | undefined> {
    const key = toHex(root);
    const cached = this.trees.get(key);
    if (cached) {
      this.trees.delete(key); // re-inserted below: least recently used first
      this.trees.set(key, cached);
      return cached;
    }
    const tree = await this.models.tree(root);
    if (!tree) return undefined;
    this.trees.set(key, tree);
    if (this.trees.size > CACHED_TREES) this.trees.delete(this.trees.keys().next().value!);
    return tree;
  }
}
