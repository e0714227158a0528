import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { publicKeyFromSeed, signMessage, verifySignature } from '../../../src/crypto/keys.js';

// RFC 8032 section 7.1, test 2.
const SEED = Buffer.from('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', 'hex');
const PUBLIC = '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c';
const SIG =
  '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00';

describe('ed25519', () => {
  test('matches RFC 8032 test 2', () => {
    assert.equal(Buffer.from(publicKeyFromSeed(SEED)).toString('hex'), PUBLIC);
    assert.equal(Buffer.from(signMessage(SEED, Uint8Array.of(0x72))).toString('hex'), SIG);
    assert.ok(verifySignature(Buffer.from(PUBLIC, 'hex'), Uint8Array.of(0x72), Buffer.from(SIG, 'hex')));
  });

  test('verify is false, never throws, for a changed message, signature or malformed key', () => {
    const pk = Buffer.from(PUBLIC, 'hex');
    const sig = Buffer.from(SIG, 'hex');
    assert.equal(verifySignature(pk, Uint8Array.of(0x73), sig), false);
    assert.equal(verifySignature(pk, Uint8Array.of(0x72), Buffer.from(sig).fill(0, 0, 1)), false);
    assert.equal(verifySignature(new Uint8Array(32).fill(0xff), Uint8Array.of(0x72), sig), false);
    assert.equal(verifySignature(pk.subarray(1), Uint8Array.of(0x72), sig), false);
  });
});
