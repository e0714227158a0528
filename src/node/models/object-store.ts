// Stored objects (block model files, data-set files) live off-chain, in <dir>/<root hex>.cai, named by their object
// root (crypto/segment-tree); blocks and the state commit to them by root and size. Beside each file,
// <root hex>.tree holds the upper levels of its segment tree (chunk nodes up to the root: 32 bytes per 64 KiB chunk,
// about 1 MiB per GiB), so serving a chunk or proving a segment reads that chunk and the tree, never the whole file.
// Writes go to a temporary file renamed into place (the tree first), so a crash never leaves a partial object or
// tree under its root. Whoever holds the store decides when an object is no longer needed and deletes it, tree and
// all (for models, the chain manager: src/node/chain/chain-manager.ts).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '../../base/coded-error.js';
import { bytesEqual, hexBytes, toHex } from '../../codec/hex.js';
import { HASH_LENGTH } from '../../chain/header.js';
import { merkleTreeOver } from '../../crypto/merkle.js';
import {
  CHUNK_BYTES,
  chunkNode,
  SEGMENT_BYTES,
  SEGMENTS_PER_CHUNK,
  segmentProof,
  upperLevels,
  type SegmentProof,
} from '../../crypto/segment-tree.js';

/** A segment tree's upper levels: the chunk nodes first, the root's level (one node) last (segment-tree's upperLevels). */
export type UpperLevels = Uint8Array[][];

export class ObjectStoreError extends CodedError<'empty-object'> {}

/** Starts a `.tree` file: trees written before object roots were segment roots have none and are rebuilt. */
const TREE_MAGIC = new TextEncoder().encode('CAIT');

export class ObjectStore {
  constructor(private readonly dir: string) {}

  private path(root: Uint8Array, ext = 'cai'): string {
    return join(this.dir, `${toHex(root)}.${ext}`);
  }

  /** Stores a file under its root and returns the root. */
  async put(file: Uint8Array): Promise<Uint8Array> {
    if (file.length === 0) throw new ObjectStoreError('empty-object', 'a stored object has at least one byte');
    const upper = upperLevels(file);
    const root = upper[upper.length - 1][0];
    const path = this.path(root);
    if (existsSync(path)) return root;
    await mkdir(this.dir, { recursive: true });
    await this.writeTree(root, upper);
    await writeFile(`${path}.tmp`, file);
    await rename(`${path}.tmp`, path);
    return root;
  }

  /**
   * Stores the file `source` yields, in pieces of any size, without holding it whole: it is written to a temporary
   * file as it comes, hashed a chunk at a time; returns its root. A source that throws leaves nothing behind.
   */
  async putStream(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
    return (await this.putStreamed(source)).root;
  }

  /** putStream, also telling the size and whether the object is new here (false: it was stored already). */
  async putStreamed(source: AsyncIterable<Uint8Array>): Promise<{ root: Uint8Array; size: number; added: boolean }> {
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `incoming-${randomBytes(8).toString('hex')}.tmp`);
    const nodes: Uint8Array[] = [];
    let size = 0;
    try {
      const handle = await open(temp, 'w');
      try {
        const chunk = new Uint8Array(CHUNK_BYTES);
        let filled = 0;
        const flush = async () => {
          nodes.push(chunkNode(chunk.subarray(0, filled)));
          await handle.write(chunk, 0, filled);
          size += filled;
          filled = 0;
        };
        for await (const piece of source) {
          for (let at = 0; at < piece.length;) {
            const take = Math.min(CHUNK_BYTES - filled, piece.length - at);
            chunk.set(piece.subarray(at, at + take), filled);
            filled += take;
            at += take;
            if (filled === CHUNK_BYTES) await flush();
          }
        }
        if (filled > 0) await flush();
      } finally {
        await handle.close();
      }
      if (nodes.length === 0) throw new ObjectStoreError('empty-object', 'a stored object has at least one byte');
      const upper = merkleTreeOver(nodes);
      const root = upper[upper.length - 1][0];
      const added = !existsSync(this.path(root));
      if (added) {
        await this.writeTree(root, upper);
        await rename(temp, this.path(root));
      }
      return { root, size, added };
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** The stored file of `root`, if any (its content is checked against the root by whoever uses it). */
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
   * The upper levels of a stored file, from its tree file. A file whose tree is missing, damaged or of the old
   * format (a Merkle tree over 64 KiB chunks) is read once to write its tree; one whose content is not the object
   * of its name (a model stored under the old root rule) is moved to its root and counts as not stored here.
   * Undefined when the file is not stored.
   */
  async tree(root: Uint8Array): Promise<UpperLevels | undefined> {
    if (!this.has(root)) return undefined;
    const path = this.path(root, 'tree');
    const stored = existsSync(path) ? parseTree(root, new Uint8Array(await readFile(path))) : undefined;
    if (stored) return stored;
    const file = await this.get(root);
    if (!file || file.length === 0) return undefined;
    const upper = upperLevels(file);
    const actual = upper[upper.length - 1][0];
    if (bytesEqual(actual, root)) {
      await this.writeTree(root, upper);
      return upper;
    }
    await rm(path, { force: true });
    if (this.has(actual)) await rm(this.path(root), { force: true });
    else {
      await this.writeTree(actual, upper);
      // A concurrent call may have moved it first.
      await rename(this.path(root), this.path(actual)).catch((err: NodeJS.ErrnoException) =>
        err.code === 'ENOENT' ? undefined : Promise.reject(err),
      );
    }
    return undefined;
  }

  /** Chunk `index` of a stored file (CHUNK_BYTES, the last shorter), read alone; undefined past the end. */
  async chunk(root: Uint8Array, index: number): Promise<Uint8Array | undefined> {
    const handle = await open(this.path(root), 'r').catch(() => undefined);
    if (!handle) return undefined;
    try {
      const at = index * CHUNK_BYTES;
      const length = Math.min(CHUNK_BYTES, (await handle.stat()).size - at);
      if (length <= 0) return undefined;
      const data = new Uint8Array(length);
      const { bytesRead } = await handle.read(data, 0, length, at);
      return bytesRead === length ? data : undefined;
    } finally {
      await handle.close();
    }
  }

  /**
   * The storage proof of segment `index` of a stored file, built from the chunk holding it and the tree alone (what
   * a keeper answers a challenge with). The content is not re-checked: a copy damaged on disk gives a proof that
   * fails on chain. Undefined when the file is not stored or has no such segment.
   */
  async proof(root: Uint8Array, index: number): Promise<SegmentProof | undefined> {
    if (!Number.isSafeInteger(index) || index < 0) return undefined;
    const upper = await this.tree(root);
    const chunk = upper && (await this.chunk(root, Math.floor(index / SEGMENTS_PER_CHUNK)));
    if (!upper || !chunk || (index % SEGMENTS_PER_CHUNK) * SEGMENT_BYTES >= chunk.length) return undefined;
    return segmentProof(chunk, upper, index);
  }

  private async writeTree(root: Uint8Array, upper: UpperLevels): Promise<void> {
    const path = this.path(root, 'tree');
    const bytes = new Uint8Array(8 + upper.reduce((n, level) => n + level.length, 0) * HASH_LENGTH);
    bytes.set(TREE_MAGIC);
    new DataView(bytes.buffer).setUint32(4, upper[0].length);
    let at = 8;
    for (const hash of upper.flat()) {
      bytes.set(hash, at);
      at += HASH_LENGTH;
    }
    await writeFile(`${path}.tmp`, bytes);
    await rename(`${path}.tmp`, path);
  }
}

/**
 * A tree file's levels: "CAIT", the chunk count (u32 big-endian), then every level's hashes from the chunk nodes up.
 * Undefined when it is of another format, its length does not fit its chunk count, or its top is not `root`.
 */
function parseTree(root: Uint8Array, bytes: Uint8Array): UpperLevels | undefined {
  if (bytes.length < 8 || !bytesEqual(bytes.subarray(0, 4), TREE_MAGIC)) return undefined;
  const chunks = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4);
  const sizes: number[] = [];
  for (let n = chunks; n > 0; n = n === 1 ? 0 : Math.ceil(n / 2)) sizes.push(n);
  if (chunks === 0 || bytes.length !== 8 + sizes.reduce((a, b) => a + b, 0) * HASH_LENGTH) return undefined;
  if (!bytesEqual(bytes.subarray(bytes.length - HASH_LENGTH), root)) return undefined;
  let at = 8;
  return sizes.map((n) =>
    Array.from({ length: n }, () => {
      const hash = bytes.subarray(at, at + HASH_LENGTH); // views of the one buffer read: no copy per hash
      at += HASH_LENGTH;
      return hash;
    }),
  );
}
