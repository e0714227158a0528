// Little-endian byte writer and bounds-checked reader for the model file.
import { ModelFileError } from './model.js';

export class ByteWriter {
  private chunks: Uint8Array[] = [];

  u8(v: number): void {
    this.chunks.push(Uint8Array.of(v));
  }

  u32(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`${v} is not a u32`);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    this.chunks.push(b);
  }

  f64(v: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.chunks.push(b);
  }

  bytes(b: Uint8Array): void {
    this.chunks.push(b);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

export class ByteReader {
  private view: DataView;
  offset = 0;

  constructor(private buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  u8(what: string): number {
    this.need(1, what);
    return this.view.getUint8(this.offset++);
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  f64(what: string): number {
    this.need(8, what);
    const v = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return v;
  }

  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    return this.buf.subarray(this.offset, (this.offset += n));
  }

  private need(n: number, what: string): void {
    if (this.remaining < n)
      throw new ModelFileError(`truncated: ${what} at byte ${this.offset} needs ${n} bytes, ${this.remaining} left`);
  }
}
