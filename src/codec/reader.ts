// Strict decoding of the Writer's encoding: every irregularity (truncation, a non-minimal varint, a value or length
// over its limit, trailing bytes) is a DecodeError naming the field.
import { DecodeError } from './errors.js';

export class Reader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  get offset(): number {
    return this.pos;
  }

  /** The bytes between two offsets already read (for hashing a sub-object by its exact encoding). */
  slice(start: number, end: number): Uint8Array {
    return this.buf.slice(start, end);
  }

  private take(field: string, n: number): Uint8Array {
    if (this.pos + n > this.buf.length) {
      throw new DecodeError(field, `truncated: needs ${n} bytes, ${this.buf.length - this.pos} left`);
    }
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  fixed(field: string, length: number): Uint8Array {
    return this.take(field, length);
  }

  varBytes(field: string, maxLength: number): Uint8Array {
    const n = this.uint(`${field} length`, maxLength);
    return this.take(field, n);
  }

  varint(field: string, maxBits: number): bigint {
    let value = 0n;
    for (let i = 0; ; i++) {
      if (i >= Math.ceil(maxBits / 7)) throw new DecodeError(field, `varint longer than ${maxBits} bits`);
      const b = this.take(field, 1)[0];
      value |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) {
        if (b === 0 && i > 0) throw new DecodeError(field, 'non-minimal varint');
        break;
      }
    }
    if (value >> BigInt(maxBits) !== 0n) throw new DecodeError(field, `value exceeds 2^${maxBits}-1`);
    return value;
  }

  /** A varint that must not exceed `max` (at most Number.MAX_SAFE_INTEGER), as a number. */
  uint(field: string, max: number): number {
    const v = this.varint(field, 53);
    if (v > BigInt(max)) throw new DecodeError(field, `${v} exceeds the limit ${max}`);
    return Number(v);
  }

  /** Throws unless every byte was consumed. */
  end(what: string): void {
    const left = this.buf.length - this.pos;
    if (left !== 0) throw new DecodeError(what, `${left} trailing bytes`);
  }
}
