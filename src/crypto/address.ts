// Account addresses: the first 20 bytes of SHA3-256(ed25519 public key). Text form: "cai" then the lowercase hex of
// the 20 address bytes followed by a 4-byte checksum, SHA3-256("coinai-address" ‖ address)[0..4].
import { DecodeError } from '../codec/errors.js';
import { bytesEqual, fromHex, toHex } from '../codec/hex.js';
import { sha3_256 } from './hash.js';

export const ADDRESS_LENGTH = 20;
const PREFIX = 'cai';
const CHECKSUM_LENGTH = 4;
const CHECKSUM_DOMAIN = new TextEncoder().encode('coinai-address');

export type Address = Uint8Array;

export function addressFromPublicKey(publicKey: Uint8Array): Address {
  return sha3_256(publicKey).slice(0, ADDRESS_LENGTH);
}

function checksum(address: Address): Uint8Array {
  return sha3_256(CHECKSUM_DOMAIN, address).slice(0, CHECKSUM_LENGTH);
}

export function formatAddress(address: Address): string {
  if (address.length !== ADDRESS_LENGTH) throw new RangeError(`address must be ${ADDRESS_LENGTH} bytes`);
  return PREFIX + toHex(address) + toHex(checksum(address));
}

/** Parses the text form; a wrong prefix, length, non-hex or checksum is a DecodeError on `field`. */
export function parseAddress(text: string, field = 'address'): Address {
  if (typeof text !== 'string' || !text.startsWith(PREFIX)) {
    throw new DecodeError(field, `must start with "${PREFIX}"`);
  }
  const hex = text.slice(PREFIX.length);
  const expected = 2 * (ADDRESS_LENGTH + CHECKSUM_LENGTH);
  if (hex.length !== expected) throw new DecodeError(field, `expected ${expected} hex digits after "${PREFIX}"`);
  if (hex !== hex.toLowerCase()) throw new DecodeError(field, 'hex must be lowercase');
  const bytes = fromHex(field, hex);
  const address = bytes.slice(0, ADDRESS_LENGTH);
  if (!bytesEqual(checksum(address), bytes.slice(ADDRESS_LENGTH))) throw new DecodeError(field, 'checksum mismatch');
  return address;
}
