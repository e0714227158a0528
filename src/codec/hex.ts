// Hex text for bytes (CLI, JSON configs, test vectors), parsed strictly.
import { DecodeError } from './errors.js';

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Parses lowercase or uppercase hex of an even length (and of exactly `length` bytes when given). */
export function fromHex(field: string, text: string, length?: number): Uint8Array {
  if (typeof text !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(text)) throw new DecodeError(field, 'not hex');
  if (length !== undefined && text.length !== 2 * length) {
    throw new DecodeError(field, `expected ${length} bytes of hex, got ${text.length / 2}`);
  }
  return new Uint8Array(Buffer.from(text, 'hex'));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}
