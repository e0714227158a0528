// The fuzz target contract and the oracle every input goes through. A target names one decoder, its valid seeds,
// the typed error it may throw, and (where the project has one) the encoder that must give back the input's bytes.
// For one input the oracle's verdict is:
//   accepted  the decoder returned a value, the re-encoding equals the input, the target's checks hold, and the
//             value's estimated size is within memoryFactor x input + MEMORY_BASE_BYTES;
//   rejected  the decoder threw its typed error;
//   failure   anything else: another exception (TypeError, RangeError, a stack overflow ...), a non-canonical
//             acceptance, a failed check, a result or allocation beyond the memory bound, or a time over the limit.
// A hang or an out-of-memory crash cannot be judged from inside; the runner's watchdog (run.ts) catches those.
import { getHeapStatistics } from 'node:v8';
import { isDeepStrictEqual } from 'node:util';
import { bytesEqual, toHex } from '../../src/codec/hex.js';
import { mutateBytes, Rng, type MutateOptions } from './mutate.js';

export interface Target<T = unknown> {
  /** What `--target` selects, and the crash files' prefix. */
  readonly name: string;
  /** The decoder under test, in words. */
  readonly about: string;
  /** Valid encodings: the corpus mutation starts from. */
  seeds(): Uint8Array[];
  /** The decoder (the input as a node would receive it: bytes, or a file's bytes as UTF-8 text). */
  decode(input: Uint8Array): T | Promise<T>;
  /** Whether `err` is the decoder's own typed error: a rejection, not a failure. */
  isRejection(err: unknown): boolean;
  /** The canonical encoding of a decoded value: it must equal the input. */
  encode?(value: T): Uint8Array;
  /** More checks on an accepted value (semantic round trips, invariants); returns what is wrong. */
  check?(value: T, input: Uint8Array): string | undefined;
  /** A structure-aware mutation, used for about half of the inputs; undefined falls back to byte mutation. */
  mutate?(rng: Rng, input: Uint8Array, seeds: readonly Uint8Array[]): Uint8Array | undefined;
  /** Tokens to insert (keywords, keys). */
  readonly dictionary?: readonly string[];
  /** Longest generated input (default 8 KiB). */
  readonly maxInputBytes?: number;
  /** Bytes a decoded value or a decode's allocations may take per input byte (default 64). */
  readonly memoryFactor?: number;
}

/** Allowance on top of memoryFactor x input size, for fixed-size values and allocator noise. */
export const MEMORY_BASE_BYTES = 1 << 20;
/** Allowance for what one decode allocates (garbage included), on top of memoryFactor x input size. */
export const ALLOCATION_BASE_BYTES = 32 << 20;
export const DEFAULT_MAX_INPUT_BYTES = 8 * 1024;
export const DEFAULT_MEMORY_FACTOR = 64;

export type Verdict =
  | { readonly kind: 'accepted'; readonly ms: number; readonly allocated: number; readonly retained: number }
  | { readonly kind: 'rejected'; readonly ms: number; readonly allocated: number }
  | { readonly kind: 'failure'; readonly ms: number; readonly why: string; readonly stack?: string };

export class OracleFailure extends Error {}

function heapInUse(): number {
  const s = getHeapStatistics();
  return s.used_heap_size + s.external_memory;
}

/** Judges one input (see the file comment); `timeLimitMs` makes a slow but finishing decode a failure. */
export async function judge<T>(target: Target<T>, input: Uint8Array, timeLimitMs: number): Promise<Verdict> {
  const factor = target.memoryFactor ?? DEFAULT_MEMORY_FACTOR;
  const before = heapInUse();
  const start = performance.now();
  let value: T;
  try {
    const out = target.decode(input);
    value = out instanceof Promise ? await out : out;
  } catch (err) {
    const ms = performance.now() - start;
    const allocated = heapInUse() - before;
    if (!target.isRejection(err)) {
      return { kind: 'failure', ms, why: `threw ${describeError(err)}`, stack: (err as Error)?.stack };
    }
    return overLimits(ms, allocated, 0, input.length, factor, timeLimitMs) ?? { kind: 'rejected', ms, allocated };
  }
  const ms = performance.now() - start;
  const allocated = heapInUse() - before;
  try {
    if (target.encode) {
      const again = target.encode(value);
      if (!bytesEqual(again, input)) {
        return { kind: 'failure', ms, why: `accepted a non-canonical encoding (re-encodes to ${short(again)})` };
      }
    }
    const wrong = target.check?.(value, input);
    if (wrong !== undefined) return { kind: 'failure', ms, why: `accepted, but ${wrong}` };
  } catch (err) {
    return {
      kind: 'failure',
      ms,
      why: `re-encoding or checking threw ${describeError(err)}`,
      stack: (err as Error)?.stack,
    };
  }
  const retained = estimateBytes(value, factor * input.length + MEMORY_BASE_BYTES);
  return (
    overLimits(ms, allocated, retained, input.length, factor, timeLimitMs) ?? {
      kind: 'accepted',
      ms,
      allocated,
      retained,
    }
  );
}

function overLimits(
  ms: number,
  allocated: number,
  retained: number,
  inputBytes: number,
  factor: number,
  timeLimitMs: number,
): Verdict | undefined {
  if (ms > timeLimitMs)
    return { kind: 'failure', ms, why: `took ${ms.toFixed(0)} ms, over the ${timeLimitMs} ms limit` };
  const retainLimit = factor * inputBytes + MEMORY_BASE_BYTES;
  if (retained > retainLimit) {
    return {
      kind: 'failure',
      ms,
      why: `the decoded value takes about ${retained} bytes, over ${retainLimit} (${factor} x ${inputBytes} + ${MEMORY_BASE_BYTES})`,
    };
  }
  const allocLimit = factor * inputBytes + ALLOCATION_BASE_BYTES;
  if (allocated > allocLimit) {
    return {
      kind: 'failure',
      ms,
      why: `decoding allocated ${allocated} bytes, over ${allocLimit} (${factor} x ${inputBytes} + ${ALLOCATION_BASE_BYTES})`,
    };
  }
  return undefined;
}

/**
 * Roughly the bytes `value` keeps alive: V8-ish sizes of objects, arrays, strings and bigints, and each distinct
 * ArrayBuffer once (a view keeps its whole buffer). Stops counting past `limit`.
 */
export function estimateBytes(value: unknown, limit: number): number {
  const seen = new Set<unknown>();
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && total <= limit) {
    const v = stack.pop();
    switch (typeof v) {
      case 'string':
        total += 16 + 2 * v.length;
        continue;
      case 'bigint':
        total += 16 + Math.ceil(v.toString(16).length / 2);
        continue;
      case 'number':
      case 'boolean':
        total += 8;
        continue;
      case 'object':
        if (v === null || seen.has(v)) continue;
        seen.add(v);
        if (ArrayBuffer.isView(v)) {
          total += 64;
          if (!seen.has(v.buffer)) {
            seen.add(v.buffer);
            total += v.buffer.byteLength;
          }
        } else if (Array.isArray(v)) {
          total += 32 + 8 * v.length;
          for (const x of v) stack.push(x);
        } else if (v instanceof Map || v instanceof Set) {
          total += 64 + 32 * v.size;
          for (const x of v instanceof Map ? [...v.keys(), ...v.values()] : v) stack.push(x);
        } else {
          const keys = Object.keys(v);
          total += 32 + 16 * keys.length;
          for (const k of keys) {
            total += 16 + 2 * k.length;
            stack.push((v as Record<string, unknown>)[k]);
          }
        }
        continue;
      default:
        total += 8;
    }
  }
  return total;
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.constructor.name}: ${err.message}`.slice(0, 500);
  return `a non-Error value ${String(err)}`.slice(0, 500);
}

function short(bytes: Uint8Array): string {
  return bytes.length <= 64 ? toHex(bytes) : `${toHex(bytes.subarray(0, 64))}... (${bytes.length} bytes)`;
}

/** Deep equality for semantic round trips (configs): same values, same types. */
export function sameValue(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}

/** Generates the inputs of one run: a seed or an earlier accepted input, mutated, or now and then random bytes. */
export class InputSource {
  private readonly seeds: Uint8Array[];
  /** Mutated inputs that decoded: new valid shapes to mutate further (a small ring, deterministic per run). */
  private readonly found: Uint8Array[] = [];
  private readonly options: MutateOptions;
  private foundNext = 0;

  constructor(
    private readonly target: Target<unknown>,
    seeds: Uint8Array[],
  ) {
    const maxBytes = target.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
    this.seeds = seeds.filter((s) => s.length <= maxBytes);
    if (this.seeds.length === 0) throw new Error(`${target.name}: no seed fits in ${maxBytes} bytes`);
    const encoder = new TextEncoder();
    this.options = { maxBytes, dictionary: (target.dictionary ?? []).map((t) => encoder.encode(t)) };
  }

  get seedCount(): number {
    return this.seeds.length;
  }

  /** Input number `i` of the run; the first inputs are the seeds themselves. */
  next(i: number, rng: Rng): Uint8Array {
    if (i < this.seeds.length) return this.seeds[i];
    const max = this.options.maxBytes;
    if (rng.chance(0.02)) return rng.bytes(rng.length(rng.chance(0.5) ? Math.min(64, max) : max));
    const pool = this.found.length > 0 && rng.chance(0.25) ? this.found : this.seeds;
    const base = rng.pick(pool);
    if (this.target.mutate && rng.chance(0.5)) {
      const m = this.target.mutate(rng, base, this.seeds);
      if (m !== undefined) return m.length > max ? m.subarray(0, max) : m;
    }
    return mutateBytes(rng, base, this.seeds, this.options);
  }

  /** Remembers an accepted mutated input as a base for later mutations. */
  accepted(input: Uint8Array): void {
    if (this.found.length < 256) this.found.push(input);
    else {
      this.found[this.foundNext] = input;
      this.foundNext = (this.foundNext + 1) % 256;
    }
  }
}

export { Rng };
