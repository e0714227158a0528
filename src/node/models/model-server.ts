// Serves chunks of stored objects by root with their proofs. A request reads the one chunk it names and takes its
// proof from the object's upper levels (ObjectStore.tree: 32 bytes per chunk), kept in memory for the most recently
// asked objects up to a byte budget: a request for a root not held costs a file-existence check, one for an object
// out of the cache a tree read, never a whole file read or a rehash.
import { toHex } from '../../codec/hex.js';
import { HASH_LENGTH } from '../../chain/header.js';
import { merkleProofAt } from '../../crypto/merkle.js';
import type { ObjectStore, UpperLevels } from './object-store.js';
import type { ChunkRequest, ModelChunk } from '../p2p/chunk.js';

/** Trees kept in memory, in bytes of hashes: 4,096 trees of 4 MiB models (4 KiB each), or 16 of 1 GiB objects. */
export const TREE_CACHE_BYTES = 16 * 1024 * 1024;

const treeBytes = (upper: UpperLevels) => upper.reduce((n, level) => n + level.length, 0) * HASH_LENGTH;

export class ModelServer {
  private readonly trees = new Map<string, UpperLevels>();
  private cached = 0;

  constructor(
    private readonly objects: ObjectStore,
    private readonly cacheBytes = TREE_CACHE_BYTES,
  ) {}

  async chunk({ root, index }: ChunkRequest): Promise<ModelChunk | undefined> {
    const upper = await this.tree(root);
    if (!upper || index >= upper[0].length) return undefined;
    const data = await this.objects.chunk(root, index);
    return data && { data, proof: merkleProofAt(upper, index).siblings };
  }

  private async tree(root: Uint8Array): Promise<UpperLevels | undefined> {
    const key = toHex(root);
    const cached = this.trees.get(key);
    if (cached) {
      this.trees.delete(key); // re-inserted below: least recently used first
      this.trees.set(key, cached);
      return cached;
    }
    const upper = await this.objects.tree(root);
    if (!upper || this.trees.has(key)) return upper; // another request may have cached it meanwhile
    this.trees.set(key, upper);
    this.cached += treeBytes(upper);
    for (const [oldest, tree] of this.trees) {
      if (this.cached <= this.cacheBytes) break;
      this.trees.delete(oldest);
      this.cached -= treeBytes(tree);
    }
    return upper;
  }
}
