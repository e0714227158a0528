// The node's persistent libp2p identity: an Ed25519 key kept in the data directory, so its peer id (and the
// multiaddrs other nodes bootstrap from) survive restarts.
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys';
import type { PrivateKey } from '@libp2p/interface';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const PEER_KEY_FILE = 'p2p-key';

/** Reads the key from `dataDir`, or creates one (readable by the owner only) when there is none. */
export async function loadOrCreatePeerKey(dataDir: string): Promise<PrivateKey> {
  const file = join(dataDir, PEER_KEY_FILE);
  try {
    return asLibp2pKey(privateKeyFromProtobuf(await readFile(file)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = await generateKeyPair('Ed25519');
  await mkdir(dataDir, { recursive: true });
  // Written aside and renamed, so a crash never leaves a truncated key that would fail every later start.
  await writeFile(`${file}.tmp`, privateKeyToProtobuf(key), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return asLibp2pKey(key);
}

// @libp2p/crypto 5.1.23 declares its keys with @libp2p/interface 3.x types, libp2p 2.x expects 2.x ones; the objects
// are the same at runtime (only a nested uint8arraylist type version differs).
function asLibp2pKey(key: ReturnType<typeof privateKeyFromProtobuf>): PrivateKey {
  return key as unknown as PrivateKey;
}
