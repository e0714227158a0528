import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decryptKey, encryptKey, KeystoreError } from '../../../src/wallet/keystore.js';
import { publicKeyFromSeed } from '../../../src/crypto/keys.js';

const FAST = { N: 2 ** 10, r: 8, p: 1 };
const seed = new Uint8Array(32).map((_, i) => i + 1);
const pair = { privateKey: seed, publicKey: publicKeyFromSeed(seed) };

test('a key file decrypts to the same key with the right password', () => {
  const file = encryptKey(pair, 'correct horse', FAST);
  assert.match(file.address, /^cai[0-9a-f]{48}$/);
  assert.deepEqual(decryptKey(JSON.parse(JSON.stringify(file)), 'correct horse'), pair);
});

test('a wrong password is refused', () => {
  const file = encryptKey(pair, 'correct horse', FAST);
  assert.throws(() => decryptKey(file, 'battery staple'), KeystoreError);
});

test('a tampered ciphertext, tag or address is refused', () => {
  const file = encryptKey(pair, 'pw', FAST);
  const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);
  for (const mutate of [
    (f: typeof file) => (f.crypto.ciphertext = flip(f.crypto.ciphertext)),
    (f: typeof file) => (f.crypto.tag = flip(f.crypto.tag)),
    (f: typeof file) =>
      (f.address = encryptKey(
        { privateKey: seed.map((b) => b ^ 1), publicKey: publicKeyFromSeed(seed.map((b) => b ^ 1)) },
        'x',
        FAST,
      ).address),
  ]) {
    const copy = structuredClone(file);
    mutate(copy);
    assert.throws(() => decryptKey(copy, 'pw'), KeystoreError);
  }
});

test('malformed key files are refused with a KeystoreError', () => {
  const good = encryptKey(pair, 'pw', FAST);
  const bad: unknown[] = [
    null,
    42,
    {},
    { ...good, version: 2 },
    { ...good, crypto: { ...good.crypto, kdf: 'pbkdf2' } },
    { ...good, crypto: { ...good.crypto, kdfParams: { ...good.crypto.kdfParams, N: 2 ** 30 } } },
    { ...good, crypto: { ...good.crypto, kdfParams: { ...good.crypto.kdfParams, N: 1000 } } },
    { ...good, crypto: { ...good.crypto, iv: 'zz' } },
  ];
  for (const file of bad) assert.throws(() => decryptKey(file, 'pw'), KeystoreError);
});
