// Model files live off-chain, in <datadir>/models/<model root hex>.cai; blocks commit to them by root and size.
// Beside each file, <root hex>.tree holds its Merkle tree (the leaf count, then every level's hashes), so serving a
// chunk reads that chunk and the small tree, never the whole file. Writes go to a temporary file renamed into place
// (the tree first), so a crash never leaves a partial model or tree under its root. The chain manager decides when a
// file is no longer needed (src/node/chain/chain-manager.ts) and deletes it, tree and all.
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hexBytes, toHex } from '../../codec/hex.js';
import { HASH_LENGTH } from '../../chain/header.js';
import { merkleTree } from '../../crypto/merkle.js';
import { MODEL_CHUNK_BYTES, modelChunks } from '../../ml/model/root.js';

/** A Merkle tree's levels, leaf hashes first (crypto/merkle's merkleTree). */
export type ModelTree = Uint8Array[][];

export class ModelStore {
  constructor(private readonly dir: string) {}

  private path(root: Uint8Array, ext = 'cai'): string {
    return join(this.dir, `${toHex(root)}.${ext}`);
  }

  /** Stores a model file under its root and returns the root. */
  async put(file: Uint8Array): Promise<Uint8Array> {
    const tree = merkleTree(modelChunks(file));
    const root = tree[tree.length - 1][0];
    const path = this.path(root);
    if (existsSync(path)) return root;
    await mkdir(this.dir, { recursive: true });
    await this.writeTree(root, tree);
    await writeFile(`${path}.tmp`, file);
    await rename(`${path}.tmp`, path);
    return root;
  }

  /** The stored file of `root`, if any (its content is checked against the root by block validation). */
  async get(root: Uint8Array): Promise<Uint8Array | undefined> {
    const path = this.path(root);
    return existsSync(path) ? new Uint8Array(await readFile(path)) : undefined;
  }

  /** The roots of every stored file. */
  async roots(): Promise<Uint8Array[]> {
    const names = await readdir(this.dir).catch((err: NodeJS.ErrnoException) =>
      err.code === 'ENOENT' ? [] : Promise.reject(err),
    );
    return names.flatMap((n) => (/^[0-9a-f]{64}\.cai$/.test(n) ? [hexBytes(n.slice(0, 64))] : []));
  }

  /** Deletes the stored file of `root` and its tree, if any (the tree first: a file without one gets it rebuilt). */
  async delete(root: Uint8Array): Promise<void> {
    await rm(this.path(root, 'tree'), { force: true });
    await rm(this.path(root), { force: true });
  }

  /** True when the file of `root` is stored. */
  has(root: Uint8Array): boolean {
    return existsSync(this.path(root));
  }

  /**
   * The Merkle tree of a stored file, from its tree file; a file stored before trees were kept (or whose tree is
   * damaged) is read once to write its tree. Undefined when the file is not stored.
   */
  async tree(root: Uint8Array): Promise<ModelTree | undefined> {
    if (!this.has(root)) return undefined;
    const path = this.path(root, 'tree');
    const stored = existsSync(path) ? parseTree(new Uint8Array(await readFile(path))) : undefined;
    if (stored) return stored;
    const file = await this.get(root);
    if (!file) return undefined;
    const tree = merkleTree(modelChunks(file));
    await this.writeTree(root, tree);
    return tree;
  }

  /** Chunk `index` of a stored file (MODEL_CHUNK_BYTES, the last shorter), read alone; undefined past the end. */
  async chunk(root: Uint8Array, index: number): Promise<Uint8Array | undefined> {
    const handle = await open(this.path(root), 'r').catch(() => undefined);
    if (!handle) return undefined;
    try {
      const at = index * MODEL_CHUNK_BYTES;
      const length = Math.min(MODEL_CHUNK_BYTES, (await handle.stat()).size - at);
      if (length <= 0) return undefined;
      const data = new Uint8Array(length);
      const { bytesRead } = await handle.read(data, 0, length, at);
      return bytesRead === length ? data : undefined;
    } finally {
      await handle.close();
    }
  }

  private async writeTree(root: Uint8Array, tree: ModelTree): Promise<void> {
    const path = this.path(root, 'tree');
    const bytes = new Uint8Array(4 + tree.reduce((n, level) => n + level.length, 0) * HASH_LENGTH);
    new DataView(bytes.buffer).setUint32(0, tree[0].length);
    let at = 4;
    for (const hash of tree.flat()) {
      bytes.set(hash, at);
      at += HASH_LENGTH;
    }
    await writeFile(`${path}.tmp`, bytes);
    await rename(`${path}.tmp`, path);
  }
}

/** A tree file's levels, or undefined when its length does not fit its leaf count. */
function parseTree(bytes: Uint8Array): ModelTree | undefined {
  if (bytes.length < 4) return undefined;
  const leaves = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0);
  const sizes: number[] = [];
  for (let n = leaves; n > 0; n = n === 1 ? 0 : Math.ceil(n / 2)) sizes.push(n);
  if (leaves === 0 || bytes.length !== 4 + sizes.reduce((a, b) => a + b, 0) * HASH_LENGTH) return undefined;
  let at = 4;
  return sizes.map((n) =>
    Array.from({ length: n }, () => {
      const hash = bytes.slice(at, at + HASH_LENGTH);
      at += HASH_LENGTH;
      return hash;
    }),
  );
}
