// Hex text for bytes (CLI, JSON configs, test vectors), parsed strictly.
import { DecodeError } from './errors.js';

const HEX_DIGITS = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += HEX_DIGITS[bytes[i]];
  return text;
}

/** Parses lowercase or uppercase hex of an even length (and of exactly `length` bytes when given). */
export function fromHex(field: string, text: string, length?: number): Uint8Array {
  if (typeof text !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(text)) throw new DecodeError(field, 'not hex');
  if (length !== undefined && text.length !== 2 * length) {
    throw new DecodeError(field, `expected ${length} bytes of hex, got ${text.length / 2}`);
  }
  return hexBytes(text);
}

/** The bytes of hex text already known to be valid (even length, hex digits only); no checks. */
export function hexBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length >> 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
