// Input generation for the fuzz targets, in the manner of libFuzzer's and Bitcoin Core's mutators but without
// coverage feedback: start from a valid seed (or now and then from random bytes), apply a few stacked mutations
// (bit flips, interesting bytes, byte insert/delete/duplicate, splices of two seeds, varint and u32 length tweaks,
// truncation, dictionary tokens, repeats), or a target's own structure-aware mutation. Every choice comes from a
// seeded PRNG, so a run is reproducible from its seed.
import { concatBytes } from '../../src/codec/bytes.js';
import { Random } from '../../src/ml/tensor/random.js';

export class Rng {
  private readonly r: Random;

  constructor(seed: number) {
    this.r = new Random(seed);
  }

  /** Uniform in 0..n-1 (n >= 1). */
  below(n: number): number {
    return n <= 1 ? 0 : Math.floor(this.r.float() * n);
  }

  chance(p: number): boolean {
    return this.r.float() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.below(xs.length)];
  }

  byte(): number {
    return this.r.nextU32() & 0xff;
  }

  u32(): number {
    return this.r.nextU32();
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.byte();
    return out;
  }

  /** Mostly small lengths, sometimes up to `max`. */
  length(max: number): number {
    const cap = this.chance(0.8) ? Math.min(max, 16) : max;
    return this.below(cap + 1);
  }
}

/** The 32-bit seed of input `i` of a run with `seed`: inputs are independent of each other's draws. */
export function inputSeed(seed: number, i: number): number {
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(i >>> 0, 0x85ebca6b) ^ Math.floor(i / 2 ** 32)) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x2c1b3c6d);
  z = Math.imul(z ^ (z >>> 12), 0x297a2d39);
  return (z ^ (z >>> 15)) >>> 0;
}

const INTERESTING_BYTES = [0x00, 0x01, 0x02, 0x7f, 0x80, 0x81, 0xfe, 0xff, 0x20, 0x40];
const INTERESTING_U32 = [
  0, 1, 2, 3, 4, 7, 8, 16, 28, 32, 64, 127, 128, 255, 256, 1023, 1024, 4096, 65535, 65536, 0x7fffffff, 0x80000000,
  0xfffffffe, 0xffffffff,
];
/** Varints (LEB128) a length or count field might be replaced with: limits, powers of two, non-minimal forms. */
const INTERESTING_VARINTS: readonly number[][] = [
  [0x00],
  [0x01],
  [0x7f],
  [0x80, 0x01],
  [0xff, 0x01],
  [0x80, 0x02],
  [0xff, 0x7f],
  [0x80, 0x80, 0x01],
  [0xff, 0xff, 0x03],
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  [0x80, 0x80, 0x80, 0x80, 0x10],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f], // 2^53 - 1
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10], // 2^53
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], // 2^64 - 1
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x03],
  [0x80, 0x00], // non-minimal 0
  [0x81, 0x00], // non-minimal 1
  [0x80, 0x80, 0x00],
  [0x80], // truncated
  Array.from({ length: 20 }, () => 0x80), // over-long
];

export interface MutateOptions {
  readonly maxBytes: number;
  /** Tokens (UTF-8) that mean something to the decoder: keywords, JSON keys, magic numbers. */
  readonly dictionary: readonly Uint8Array[];
}

type Mutation = (rng: Rng, b: Uint8Array, seeds: readonly Uint8Array[], o: MutateOptions) => Uint8Array;

const concat = (...parts: Uint8Array[]) => concatBytes(parts);

/** A position in `b`, 0..length (inclusive, so inserts can append). */
const at = (rng: Rng, b: Uint8Array) => rng.below(b.length + 1);
/** A range [start, end) of `b`, usually short. */
function range(rng: Rng, b: Uint8Array): [number, number] {
  const start = rng.below(b.length + 1);
  return [start, Math.min(b.length, start + 1 + rng.length(b.length))];
}

const MUTATIONS: readonly Mutation[] = [
  // A bit flip.
  (rng, b) => {
    if (b.length === 0) return rng.bytes(1);
    const out = b.slice();
    out[rng.below(b.length)] ^= 1 << rng.below(8);
    return out;
  },
  // A random byte.
  (rng, b) => {
    if (b.length === 0) return rng.bytes(1);
    const out = b.slice();
    out[rng.below(b.length)] = rng.byte();
    return out;
  },
  // An interesting byte.
  (rng, b) => {
    if (b.length === 0) return Uint8Array.of(rng.pick(INTERESTING_BYTES));
    const out = b.slice();
    out[rng.below(b.length)] = rng.pick(INTERESTING_BYTES);
    return out;
  },
  // Insert random bytes.
  (rng, b) => {
    const i = at(rng, b);
    return concat(b.subarray(0, i), rng.bytes(1 + rng.length(32)), b.subarray(i));
  },
  // Delete a range.
  (rng, b) => {
    const [s, e] = range(rng, b);
    return concat(b.subarray(0, s), b.subarray(e));
  },
  // Duplicate a range in place.
  (rng, b) => {
    const [s, e] = range(rng, b);
    return concat(b.subarray(0, e), b.subarray(s, e), b.subarray(e));
  },
  // Copy a range over another place.
  (rng, b) => {
    if (b.length === 0) return b;
    const [s, e] = range(rng, b);
    const out = b.slice();
    const to = rng.below(b.length);
    out.set(b.subarray(s, Math.min(e, s + b.length - to)), to);
    return out;
  },
  // Splice: the head of this input and the tail of another seed.
  (rng, b, seeds) => {
    const other = rng.pick(seeds);
    return concat(b.subarray(0, at(rng, b)), other.subarray(rng.below(other.length + 1)));
  },
  // Insert a range of another seed.
  (rng, b, seeds) => {
    const other = rng.pick(seeds);
    const [s, e] = range(rng, other);
    const i = at(rng, b);
    return concat(b.subarray(0, i), other.subarray(s, e), b.subarray(i));
  },
  // Truncate.
  (rng, b) => b.slice(0, rng.below(b.length + 1)),
  // Append random bytes.
  (rng, b) => concat(b, rng.bytes(1 + rng.length(64))),
  // Replace the varint at a position (a length or count field, if we are lucky) with an interesting one.
  (rng, b) => {
    const i = rng.below(b.length + 1);
    let end = i;
    while (end < b.length && end - i < 19 && b[end] & 0x80) end++;
    end = Math.min(b.length, end + 1);
    return concat(b.subarray(0, i), Uint8Array.from(rng.pick(INTERESTING_VARINTS)), b.subarray(end));
  },
  // Nudge the varint at a position by a small amount (off-by-one lengths).
  (rng, b) => {
    if (b.length === 0) return b;
    const i = rng.below(b.length);
    const out = b.slice();
    out[i] = ((out[i] & 0x80) | ((out[i] + rng.pick([1, -1, 2, -2])) & 0x7f)) & 0xff;
    return out;
  },
  // Overwrite a little-endian u32 (model-file lengths and sizes) with an interesting value or a nudge of itself.
  (rng, b) => {
    if (b.length < 4) return concat(b, rng.bytes(4));
    const out = b.slice();
    const i = rng.chance(0.5) ? rng.below(b.length - 3) & ~3 : rng.below(b.length - 3);
    const view = new DataView(out.buffer);
    const old = view.getUint32(i, true);
    const v = rng.chance(0.5) ? rng.pick(INTERESTING_U32) : old + rng.pick([1, -1, 4, -4, 0x10000]);
    view.setUint32(i, v >>> 0, true);
    return out;
  },
  // Insert or overwrite a dictionary token.
  (rng, b, _s, o) => {
    if (o.dictionary.length === 0) return b;
    const token = rng.pick(o.dictionary);
    const i = at(rng, b);
    const end = rng.chance(0.5) ? i : Math.min(b.length, i + token.length);
    return concat(b.subarray(0, i), token, b.subarray(end));
  },
  // Repeat a range many times (inputs that ask for much work or memory per byte).
  (rng, b, _s, o) => {
    const [s, e] = range(rng, b);
    const chunk = b.subarray(s, Math.max(e, s + 1));
    if (chunk.length === 0) return b;
    const times = Math.min(1 + rng.below(64), Math.floor((o.maxBytes - b.length) / chunk.length));
    if (times < 1) return b;
    const parts = [b.subarray(0, e)];
    for (let k = 0; k < times; k++) parts.push(chunk);
    parts.push(b.subarray(e));
    return concat(...parts);
  },
  // Swap two ranges' bytes.
  (rng, b) => {
    if (b.length < 2) return b;
    const out = b.slice();
    const n = 1 + rng.below(Math.min(8, b.length >> 1));
    const i = rng.below(b.length - n + 1);
    const j = rng.below(b.length - n + 1);
    out.set(b.subarray(j, j + n), i);
    out.set(b.subarray(i, i + n), j);
    return out;
  },
];

export const MUTATION_COUNT = MUTATIONS.length;

/** One to eight stacked byte-level mutations of `input`, clipped to `o.maxBytes`. */
export function mutateBytes(rng: Rng, input: Uint8Array, seeds: readonly Uint8Array[], o: MutateOptions): Uint8Array {
  let b = input;
  const rounds = 1 + (rng.chance(0.5) ? 0 : rng.below(8));
  for (let k = 0; k < rounds; k++) {
    b = rng.pick(MUTATIONS)(rng, b, seeds, o);
    if (b.length > o.maxBytes) b = b.subarray(0, o.maxBytes);
  }
  return b;
}
