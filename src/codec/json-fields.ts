// Strict readers for JSON configs: unknown or missing keys and out-of-range values are DecodeErrors naming the
// field, so a misspelt parameter cannot silently take a default.
import { DecodeError } from './errors.js';

export type Json = Record<string, unknown>;

export function object(field: string, v: unknown, keys: readonly string[]): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DecodeError(field, 'must be an object');
  for (const k of Object.keys(v)) {
    if (!keys.includes(k)) throw new DecodeError(field, `unknown key "${k}"`);
  }
  for (const k of keys) {
    if (!(k in v)) throw new DecodeError(field, `missing key "${k}"`);
  }
  return v as Json;
}

export function integer(field: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new DecodeError(field, `must be an integer in ${min}..${max}`);
  }
  // JSON's -0 is the integer 0: return +0, so that the value equals what the canonical JSON ("0") reads back.
  return v === 0 ? 0 : v;
}

export function oneOf<T extends string>(field: string, v: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) throw new DecodeError(field, `must be one of ${allowed.join(', ')}`);
  return v as T;
}
