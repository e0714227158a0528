// Model files live off-chain, in <datadir>/models/<model root hex>.cai; blocks commit to them by root and size.
// Writes go to a temporary file renamed into place, so a crash never leaves a partial model under its root. The
// chain manager decides when a file is no longer needed (src/node/chain/chain-manager.ts) and deletes it.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hexBytes, toHex } from '../../codec/hex.js';
import { modelRoot } from '../../ml/model/root.js';

export class ModelStore {
  constructor(private readonly dir: string) {}

  private path(root: Uint8Array): string {
    return join(this.dir, `${toHex(root)}.cai`);
  }

  /** Stores a model file under its root and returns the root. */
  async put(file: Uint8Array): Promise<Uint8Array> {
    const root = modelRoot(file);
    const path = this.path(root);
    if (existsSync(path)) return root;
    await mkdir(this.dir, { recursive: true });
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

  /** Deletes the stored file of `root`, if any. */
  async delete(root: Uint8Array): Promise<void> {
    await rm(this.path(root), { force: true });
  }
}
