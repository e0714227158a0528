// Appends the canonical encoding of consensus objects: fixed-width byte strings, length-prefixed byte strings and
// unsigned LEB128 varints. Encoders check the same limits the decoders enforce, so encode(decode(x)) = x always and
// an object that could not be decoded is never encoded.
export class Writer {
  private buf = new Uint8Array(256);
  private len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Exactly `length` bytes, no prefix. */
  fixed(field: string, bytes: Uint8Array, length: number): this {
    if (bytes.length !== length) throw new RangeError(`${field}: expected ${length} bytes, got ${bytes.length}`);
    this.reserve(length);
    this.buf.set(bytes, this.len);
    this.len += length;
    return this;
  }

  /** A varint length, then the bytes. */
  varBytes(field: string, bytes: Uint8Array, maxLength: number): this {
    if (bytes.length > maxLength)
      throw new RangeError(`${field}: ${bytes.length} bytes exceeds the limit ${maxLength}`);
    this.varint(`${field} length`, bytes.length, 32);
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    return this;
  }

  /** Unsigned LEB128 of a value below 2^maxBits. */
  varint(field: string, value: bigint | number, maxBits: number): this {
    let v = BigInt(value);
    if (v < 0n || v >> BigInt(maxBits) !== 0n) throw new RangeError(`${field}: ${v} is outside 0..2^${maxBits}-1`);
    this.reserve(Math.ceil(maxBits / 7));
    do {
      const low = Number(v & 0x7fn);
      v >>= 7n;
      this.buf[this.len++] = v === 0n ? low : low | 0x80;
    } while (v !== 0n);
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
