// A directory of key files, named by address: <datadir>/keystore/<address>.json.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publicKeyFromSeed, SEED_LENGTH } from '../crypto/keys.js';
import { checkShape, decryptKey, encryptKey, KeystoreError, type KeyPair, type ScryptParams } from './keystore.js';

export function keystoreDir(datadir: string): string {
  return join(datadir, 'keystore');
}

/** Makes a fresh key, writes it encrypted and returns its address and file. */
export async function createKey(
  dir: string,
  password: string,
  scrypt?: ScryptParams,
): Promise<{ address: string; file: string }> {
  const seed = new Uint8Array(randomBytes(SEED_LENGTH));
  const ks = encryptKey({ privateKey: seed, publicKey: publicKeyFromSeed(seed) }, password, scrypt);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${ks.address}.json`);
  await writeFile(file, JSON.stringify(ks, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return { address: ks.address, file };
}

/** Reads a key file's public part; needs no password. */
export async function readKeyInfo(file: string): Promise<{ address: string; publicKey: string; file: string }> {
  const ks = checkShape(await readJson(file));
  return { address: ks.address, publicKey: ks.publicKey, file };
}

export async function listKeys(dir: string): Promise<{ address: string; publicKey: string; file: string }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const files = names.filter((n) => n.endsWith('.json')).sort();
  return Promise.all(files.map((n) => readKeyInfo(join(dir, n))));
}

export async function loadKey(file: string, password: string): Promise<KeyPair> {
  return decryptKey(await readJson(file), password);
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new KeystoreError(`cannot read key file ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new KeystoreError(`key file ${file} is not valid JSON`);
  }
}
