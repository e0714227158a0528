// Encrypted key files: one JSON file per key, the ed25519 seed sealed with AES-256-GCM under a key
// stretched from the password by scrypt. The address and public key stay readable without the password.
import { CodedError } from '../base/coded-error.js';
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { fromHex, toHex } from '../codec/hex.js';
import { addressFromPublicKey, formatAddress } from '../crypto/address.js';
import { publicKeyFromSeed, SEED_LENGTH } from '../crypto/keys.js';

export const KEYSTORE_VERSION = 1;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** 2^15 costs ~0.1 s here: slow for a password guesser, quick for the owner. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

export interface KeystoreFile {
  version: number;
  address: string;
  publicKey: string;
  crypto: {
    kdf: 'scrypt';
    kdfParams: ScryptParams & { salt: string };
    cipher: 'aes-256-gcm';
    iv: string;
    ciphertext: string;
    tag: string;
  };
}

export interface KeyPair {
  privateKey: Uint8Array; // the 32-byte ed25519 seed
  publicKey: Uint8Array;
}

export class KeystoreError extends CodedError<'keystore'> {
  constructor(message: string) {
    super('keystore', message, message);
  }
}

function deriveKey(password: string, salt: Uint8Array, params: ScryptParams): Buffer {
  const maxmem = 256 * params.N * params.r + 16 * 2 ** 20;
  return scryptSync(password.normalize('NFKC'), salt, 32, { ...params, maxmem });
}

export function encryptKey(pair: KeyPair, password: string, params: ScryptParams = DEFAULT_SCRYPT): KeystoreFile {
  const salt = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(password, salt, params), iv);
  const ciphertext = Buffer.concat([cipher.update(pair.privateKey), cipher.final()]);
  return {
    version: KEYSTORE_VERSION,
    address: formatAddress(addressFromPublicKey(pair.publicKey)),
    publicKey: toHex(pair.publicKey),
    crypto: {
      kdf: 'scrypt',
      kdfParams: { ...params, salt: toHex(salt) },
      cipher: 'aes-256-gcm',
      iv: toHex(iv),
      ciphertext: toHex(ciphertext),
      tag: toHex(cipher.getAuthTag()),
    },
  };
}

/** Opens a parsed key file; a wrong password or a tampered file is a KeystoreError, never a partial key. */
export function decryptKey(file: unknown, password: string): KeyPair {
  const ks = checkShape(file);
  const c = ks.crypto;
  const { N, r, p, salt } = c.kdfParams;
  let seed: Buffer;
  try {
    const key = deriveKey(password, fromHex('salt', salt), { N, r, p });
    const decipher = createDecipheriv('aes-256-gcm', key, fromHex('iv', c.iv, 12));
    decipher.setAuthTag(fromHex('tag', c.tag, 16));
    seed = Buffer.concat([decipher.update(fromHex('ciphertext', c.ciphertext)), decipher.final()]);
  } catch {
    throw new KeystoreError('cannot decrypt key: wrong password or corrupted key file');
  }
  if (seed.length !== SEED_LENGTH) throw new KeystoreError('key file holds a key of the wrong length');
  const publicKey = publicKeyFromSeed(seed);
  if (toHex(publicKey) !== ks.publicKey || formatAddress(addressFromPublicKey(publicKey)) !== ks.address) {
    throw new KeystoreError('key file is inconsistent: its key does not match its address');
  }
  return { privateKey: new Uint8Array(seed), publicKey };
}

/** Validates the JSON structure of a key file before anything is derived from it. */
export function checkShape(file: unknown): KeystoreFile {
  const ks = file as KeystoreFile;
  const ok =
    typeof ks === 'object' &&
    ks !== null &&
    ks.version === KEYSTORE_VERSION &&
    typeof ks.address === 'string' &&
    typeof ks.publicKey === 'string' &&
    ks.crypto?.kdf === 'scrypt' &&
    ks.crypto.cipher === 'aes-256-gcm' &&
    ['N', 'r', 'p'].every((k) => Number.isSafeInteger(ks.crypto.kdfParams?.[k as keyof ScryptParams])) &&
    ['salt', 'iv', 'ciphertext', 'tag'].every(
      (k) =>
        typeof (k === 'salt' ? ks.crypto.kdfParams.salt : ks.crypto[k as 'iv' | 'ciphertext' | 'tag']) === 'string',
    );
  if (!ok) throw new KeystoreError(`not a version ${KEYSTORE_VERSION} coinai key file`);
  const { N, r, p } = ks.crypto.kdfParams;
  // Bound the work an attacker-supplied file can ask of us.
  if (N < 2 || (N & (N - 1)) !== 0 || N > 2 ** 20 || r < 1 || r > 32 || p < 1 || p > 16) {
    throw new KeystoreError('key file has out-of-range scrypt parameters');
  }
  return ks;
}
