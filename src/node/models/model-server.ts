// Serves model-file chunks by Merkle root with their proofs. Proofs are computed once per file and the last few
// files kept, since a block's model is fetched chunk by chunk by every peer right after it is announced.
import { toHex } from '../../codec/hex.js';
import { merkleProofs, type MerkleProof } from '../../crypto/merkle.js';
import { modelChunks } from '../../ml/model/root.js';
import type { ModelStore } from './model-store.js';
import type { ChunkRequest, ModelChunk } from '../p2p/chunk.js';

const CACHED_FILES = 8;

interface ChunkedFile {
  readonly chunks: Uint8Array[];
  readonly proofs: MerkleProof[];
}

export class ModelServer {
  private readonly cache = new Map<string, ChunkedFile>();

  constructor(private readonly models: ModelStore) {}

  async chunk({ root, index }: ChunkRequest): Promise<ModelChunk | undefined> {
    const file = await this.chunked(root);
    if (!file || index >= file.chunks.length) return undefined;
    return { data: file.chunks[index], proof: file.proofs[index].siblings };
  }

  private async chunked(root: Uint8Array): Promise<ChunkedFile | undefined> {
    const key = toHex(root);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const bytes = await this.models.get(root);
    if (!bytes) return undefined;
    const chunks = modelChunks(bytes);
    const file = { chunks, proofs: merkleProofs(chunks) };
    this.cache.set(key, file);
    if (this.cache.size > CACHED_FILES) this.cache.delete(this.cache.keys().next().value!);
    return file;
  }
}
