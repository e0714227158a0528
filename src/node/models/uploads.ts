// Objects uploaded through the API (POST /api/objects): a data pack or a grammar file, stored before the proposal
// that names it so that the node can serve it to keepers over the chunk protocol. They go into the data store
// (never evicted, unlike the model cache) and are tracked in <datadir>/uploads.json. The route is open to whoever
// reaches the API, so what it may cost the disk is bounded: the uploads no proposal names yet (no stored object of
// that root in the head state) hold at most `limits.bytes` together, in flight included, and one that stays unnamed
// for `limits.blocks` blocks is deleted. One named for `namedBlocks` (the deepest reorganisation) belongs to the
// chain and is no longer tracked; a reorganisation that unnames it before then restarts its clock.
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { CodedError } from '../../base/coded-error.js';
import { hexBytes, toHex } from '../../codec/hex.js';
import type { RecordReader } from '../../chain/namespace.js';
import { storedObject } from '../../chain/storage/objects.js';
import type { ObjectStore } from './object-store.js';

export type UploadErrorCode = 'object-too-large' | 'upload-limit' | 'bad-upload-index';

export class UploadError extends CodedError<UploadErrorCode> {}

export interface UploadLimits {
  /** Bytes that uploads no proposal names may hold together (so also the largest upload): `--upload-limit`. */
  readonly bytes: number;
  /** Blocks an upload is kept while no proposal names it: `--upload-blocks`. */
  readonly blocks: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { bytes: 2 ** 30, blocks: 100 };

/** The head an upload is judged against. */
export interface UploadHead {
  readonly height: number;
  readonly state: RecordReader;
}

interface Entry {
  readonly size: number;
  /** The height from which it counts as unnamed (its upload, or the head that unnamed it). */
  since: number;
  /** The height of the head that first named it, while one does. */
  named?: number;
}

export class Uploads {
  private inflight = 0;
  /** Head updates and index writes, one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly store: ObjectStore,
    private readonly indexFile: string,
    readonly limits: UploadLimits,
    private readonly namedBlocks: number,
    private readonly head: () => UploadHead,
    private readonly entries: Map<string, Entry>,
  ) {}

  /** Reads the index (entries whose object is gone are dropped); a missing index is an empty one. */
  static async open(
    store: ObjectStore,
    indexFile: string,
    limits: UploadLimits,
    namedBlocks: number,
    head: () => UploadHead,
  ): Promise<Uploads> {
    const entries = new Map<string, Entry>();
    if (existsSync(indexFile)) {
      for (const [key, entry] of parseIndex(indexFile, await readFile(indexFile, 'utf8')))
        if (store.has(hexBytes(key))) entries.set(key, entry);
    }
    return new Uploads(store, indexFile, limits, namedBlocks, head, entries);
  }

  /** Bytes of the uploads no proposal named at the last head, and of those arriving. */
  get unnamedBytes(): number {
    let total = this.inflight;
    for (const e of this.entries.values()) if (e.named === undefined) total += e.size;
    return total;
  }

  /**
   * Stores what `source` yields; `declared` is its length when the client said (Content-Length), refused before a
   * byte is read when it does not fit. Refused as it arrives otherwise, leaving nothing stored.
   */
  async put(source: AsyncIterable<Uint8Array>, declared?: number): Promise<{ root: Uint8Array; size: number }> {
    let reserved = 0;
    const reserve = (size: number) => {
      if (size <= reserved) return;
      this.admit(size, size - reserved);
      this.inflight += size - reserved;
      reserved = size;
    };
    if (declared !== undefined) reserve(declared);
    let seen = 0;
    async function* counted() {
      for await (const piece of source) {
        seen += piece.length;
        reserve(seen);
        yield piece;
      }
    }
    try {
      const { root, size, added } = await this.store.putStreamed(counted());
      const key = toHex(root);
      const entry = this.entries.get(key);
      // Already stored and not an upload (the node's own data, a chain object): nothing to track or ever delete.
      if (!added && !entry) return { root, size };
      if (entry) {
        if (entry.named === undefined) entry.since = this.head().height;
      } else this.entries.set(key, { size, since: this.head().height });
      await this.serially(() => this.save());
      return { root, size };
    } finally {
      this.inflight -= reserved;
    }
  }

  /** Follows a new head: marks what its state names, deletes what stayed unnamed too long. */
  onHead(head: UploadHead): Promise<void> {
    return this.serially(() => this.follow(head));
  }

  private async follow({ height, state }: UploadHead): Promise<void> {
    let changed = false;
    for (const [key, entry] of this.entries) {
      const root = hexBytes(key);
      if (storedObject(state, root)) {
        if (entry.named === undefined) {
          entry.named = height;
          changed = true;
        }
        if (height - entry.named >= this.namedBlocks) {
          this.entries.delete(key);
          changed = true;
        }
        continue;
      }
      if (entry.named !== undefined) {
        entry.named = undefined;
        entry.since = height;
        changed = true;
      }
      // Not while an upload is in flight: it may be of these very bytes, found stored and about to be kept.
      if (height - entry.since >= this.limits.blocks && this.inflight === 0) {
        await this.store.delete(root);
        this.entries.delete(key);
        changed = true;
      }
    }
    if (changed) await this.save();
  }

  private admit(size: number, extra: number): void {
    const { bytes, blocks } = this.limits;
    if (size > bytes) {
      throw new UploadError(
        'object-too-large',
        `an upload of ${size} bytes is over this node's limit of ${bytes} (--upload-limit)`,
      );
    }
    const held = this.unnamedBytes;
    if (held + extra > bytes) {
      throw new UploadError(
        'upload-limit',
        `uploads no proposal names yet hold ${held} of this node's ${bytes} bytes (--upload-limit): ${extra} more ` +
          `do not fit; an upload is deleted ${blocks} blocks after it arrives unless a proposal names it`,
      );
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async save(): Promise<void> {
    const uploads = [...this.entries].map(([root, e]) => ({ root, ...e }));
    await writeFile(`${this.indexFile}.tmp`, JSON.stringify({ uploads }));
    await rename(`${this.indexFile}.tmp`, this.indexFile);
  }
}

const isHeight = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function parseIndex(file: string, text: string): [string, Entry][] {
  const bad = (why: string) => new UploadError('bad-upload-index', `${file}: ${why} (delete it to forget the uploads)`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw bad(`not JSON: ${(err as Error).message}`);
  }
  const list = (json as { uploads?: unknown } | null)?.uploads;
  if (!Array.isArray(list)) throw bad('no "uploads" list');
  return list.map((item: unknown, i) => {
    const { root, size, since, named } = (item ?? {}) as Record<string, unknown>;
    if (typeof root !== 'string' || !/^[0-9a-f]{64}$/.test(root) || !isHeight(size) || size < 1 || !isHeight(since))
      throw bad(`upload ${i} is not {root, size, since}`);
    if (named !== undefined && !isHeight(named)) throw bad(`upload ${i} has a bad "named" height`);
    return [root, { size, since, ...(named !== undefined && { named }) }];
  });
}
