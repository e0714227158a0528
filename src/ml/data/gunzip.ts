// gzip (RFC 1952) over inflate (RFC 1951) in pure code: a proposed data set's gzipped files are unpacked by every
// node while it judges the proposal, so consensus cannot lean on zlib (an I/O-layer module, and one whose edge
// cases may differ between versions). One member, its CRC-32 and size checked; the output is bounded before any
// work by the size the trailer declares, so a small file cannot expand past `maxBytes`.
import { DatasetError } from './dataset.js';

const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
  8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const MAX_BITS = 15;

/** A canonical Huffman code as a lookup table on `bits` bits of input: entry = symbol << 4 | length, 0 = no code. */
interface Huffman {
  readonly table: Uint16Array;
  readonly bits: number;
}

/** True when `bytes` starts with gzip's magic bytes. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The content of the gzip file `bytes`, at most `maxBytes` long; any fault is a DatasetError naming `file`. */
export function gunzip(bytes: Uint8Array, file: string, maxBytes: number): Uint8Array {
  const fail = (what: string): never => {
    throw new DatasetError(`${file}: corrupt gzip data (${what})`);
  };
  if (bytes.length < 18 || !isGzip(bytes) || bytes[2] !== 8) fail('not a deflate gzip member');
  const flags = bytes[3];
  if (flags & 0xe0) fail('reserved header flags set');
  let pos = 10;
  if (flags & 4) pos += 2 + (bytes[pos] | (bytes[pos + 1] << 8));
  for (const flag of [8, 16]) {
    if (!(flags & flag)) continue;
    while (pos < bytes.length && bytes[pos] !== 0) pos++;
    pos++;
  }
  if (flags & 2) pos += 2;
  const end = bytes.length - 8;
  if (pos > end) fail('truncated header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = view.getUint32(end + 4, true);
  if (size > maxBytes) {
    throw new DatasetError(`${file}: gzip content of ${size} bytes exceeds the limit of ${maxBytes} bytes`);
  }
  const out = new Uint8Array(size);
  const used = inflate(bytes, pos, end, out, fail);
  if (used !== end) fail(used < end ? `${end - used} bytes after the compressed data` : 'truncated');
  if (crc32(out) !== view.getUint32(end, true)) fail('CRC-32 mismatch');
  return out;
}

/** Inflates bytes[start..end) into exactly `out`; returns the offset after the last byte it read. */
function inflate(
  input: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  fail: (what: string) => never,
): number {
  let pos = start;
  let bitBuf = 0;
  let bitCount = 0;
  let o = 0;
  /** Ensures `n` (≤ 16) bits are buffered if the input has them; returns whether it does. */
  const fill = (n: number): boolean => {
    while (bitCount < n) {
      if (pos >= end) return false;
      bitBuf |= input[pos++] << bitCount;
      bitCount += 8;
    }
    return true;
  };
  const bits = (n: number): number => {
    if (!fill(n)) fail('truncated');
    const v = bitBuf & ((1 << n) - 1);
    bitBuf >>>= n;
    bitCount -= n;
    return v;
  };
  const decode = (h: Huffman): number => {
    fill(h.bits);
    const entry = h.table[bitBuf & ((1 << h.bits) - 1)];
    const length = entry & 15;
    if (entry === 0) fail('invalid Huffman code');
    if (length > bitCount) fail('truncated');
    bitBuf >>>= length;
    bitCount -= length;
    return entry >> 4;
  };
  for (let last = 0; !last;) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      // Stored: realign to the byte after the header bits, giving back whole bytes the bit buffer holds.
      pos -= bitCount >> 3;
      bitBuf = bitCount = 0;
      if (pos + 4 > end) fail('truncated');
      const len = input[pos] | (input[pos + 1] << 8);
      if ((input[pos + 2] | (input[pos + 3] << 8)) !== (~len & 0xffff)) fail('stored block length check');
      pos += 4;
      if (pos + len > end) fail('truncated');
      if (o + len > out.length) fail('longer than its declared size');
      out.set(input.subarray(pos, pos + len), o);
      pos += len;
      o += len;
      continue;
    }
    if (type === 3) fail('invalid block type');
    const [lit, dist] = type === 1 ? FIXED : dynamicCodes(bits, decode, fail);
    for (;;) {
      const sym = decode(lit);
      if (sym < 256) {
        if (o >= out.length) fail('longer than its declared size');
        out[o++] = sym;
        continue;
      }
      if (sym === 256) break;
      if (sym > 285) fail('invalid length code');
      const length = LENGTH_BASE[sym - 257] + bits(LENGTH_EXTRA[sym - 257]);
      const d = decode(dist);
      if (d > 29) fail('invalid distance code');
      const distance = DIST_BASE[d] + bits(DIST_EXTRA[d]);
      if (distance > o) fail('distance before the start');
      if (o + length > out.length) fail('longer than its declared size');
      for (let i = 0; i < length; i++, o++) out[o] = out[o - distance];
    }
  }
  if (o !== out.length) fail('shorter than its declared size');
  return pos - (bitCount >> 3);
}

function dynamicCodes(
  bits: (n: number) => number,
  decode: (h: Huffman) => number,
  fail: (what: string) => never,
): [Huffman, Huffman] {
  const nLit = bits(5) + 257;
  const nDist = bits(5) + 1;
  const nCode = bits(4) + 4;
  if (nLit > 286 || nDist > 30) fail('too many length or distance codes');
  const codeLengths = new Uint8Array(19);
  for (let i = 0; i < nCode; i++) codeLengths[CODE_LENGTH_ORDER[i]] = bits(3);
  const codeCode = huffman(codeLengths, false, fail);
  const lengths = new Uint8Array(nLit + nDist);
  for (let i = 0; i < lengths.length;) {
    const sym = decode(codeCode);
    if (sym < 16) {
      lengths[i++] = sym;
      continue;
    }
    if (sym === 16 && i === 0) fail('repeat with no previous length');
    const [value, count] =
      sym === 16 ? [lengths[i - 1], 3 + bits(2)] : sym === 17 ? [0, 3 + bits(3)] : [0, 11 + bits(7)];
    if (i + count > lengths.length) fail('too many code lengths');
    lengths.fill(value, i, i + count);
    i += count;
  }
  if (lengths[256] === 0) fail('no end-of-block code');
  return [huffman(lengths.subarray(0, nLit), true, fail), huffman(lengths.subarray(nLit), true, fail)];
}

/**
 * The lookup table of the canonical code with these lengths. Over-subscribed lengths are refused; an incomplete
 * code only where zlib allows one (a literal/length or distance code whose longest length is 1, or none at all).
 */
function huffman(lengths: Uint8Array, mayBeSparse: boolean, fail: (what: string) => never): Huffman {
  const count = new Uint16Array(MAX_BITS + 1);
  for (const l of lengths) count[l]++;
  count[0] = 0;
  let maxLength = 0;
  for (let l = 1; l <= MAX_BITS; l++) if (count[l]) maxLength = l;
  let left = 1;
  const next = new Uint16Array(MAX_BITS + 2);
  for (let l = 1; l <= MAX_BITS; l++) {
    left = 2 * left - count[l];
    if (left < 0) fail('over-subscribed Huffman code');
    next[l + 1] = (next[l] + count[l]) << 1;
  }
  if (left > 0 && !(mayBeSparse && maxLength <= 1)) fail('incomplete Huffman code');
  const tableBits = Math.max(maxLength, 1);
  const table = new Uint16Array(1 << tableBits);
  for (let sym = 0; sym < lengths.length; sym++) {
    const l = lengths[sym];
    if (l === 0) continue;
    const code = next[l]++;
    let reversed = 0;
    for (let i = 0; i < l; i++) reversed |= ((code >> i) & 1) << (l - 1 - i);
    for (let i = reversed; i < table.length; i += 1 << l) table[i] = (sym << 4) | l;
  }
  return { table, bits: tableBits };
}

const neverFails = (what: string): never => {
  throw new Error(`the fixed Huffman codes are valid: ${what}`);
};
const FIXED: [Huffman, Huffman] = [
  huffman(
    Uint8Array.from({ length: 288 }, (_, i) => (i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8)),
    true,
    neverFails,
  ),
  huffman(new Uint8Array(32).fill(5), true, neverFails),
];

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
