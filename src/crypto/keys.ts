// ed25519 from node:crypto, on raw keys: a 32-byte private seed, a 32-byte public key and 64-byte signatures.
// Public keys are imported as JWK, which node parses about 15x faster than DER, so that verification stays
// bounded by the curve arithmetic without any key cache.
import { Buffer } from 'node:buffer'; // createPrivateKey's typings take DER only as a Buffer
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { concatBytes, fromBase64Url, toBase64Url } from '../codec/bytes.js';
import { hexBytes } from '../codec/hex.js';

export const PUBLIC_KEY_LENGTH = 32;
export const SEED_LENGTH = 32;
export const SIGNATURE_LENGTH = 64;

// PKCS#8 wrapping of an ed25519 seed (RFC 8410): the fixed prefix, then the 32 seed bytes.
const PKCS8_PREFIX = hexBytes('302e020100300506032b657004220420');

function privateKeyObject(seed: Uint8Array): KeyObject {
  if (seed.length !== SEED_LENGTH) throw new RangeError(`ed25519 seed must be ${SEED_LENGTH} bytes`);
  return createPrivateKey({ key: Buffer.from(concatBytes([PKCS8_PREFIX, seed])), format: 'der', type: 'pkcs8' });
}

export function publicKeyFromSeed(seed: Uint8Array): Uint8Array {
  const jwk = createPublicKey(privateKeyObject(seed)).export({ format: 'jwk' });
  return fromBase64Url(jwk.x as string);
}

export function signMessage(seed: Uint8Array, message: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, message, privateKeyObject(seed)));
}

/** False for a bad signature and for a public key that is not a valid curve point; never throws on 32/64 bytes. */
export function verifySignature(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== PUBLIC_KEY_LENGTH || signature.length !== SIGNATURE_LENGTH) return false;
  try {
    const x = toBase64Url(publicKey);
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    return verify(null, message, key, signature);
  } catch {
    return false; // node rejects public keys that do not decode to a curve point
  }
}
