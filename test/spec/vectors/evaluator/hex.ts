// Float bit patterns as big-endian hex, the form the evaluator vectors use.
export function f64Hex(v: number): string {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(v);
  return b.toString('hex');
}

export function f32Hex(v: number): string {
  const b = Buffer.alloc(4);
  b.writeFloatBE(v);
  return b.toString('hex');
}

export function hexF64(h: string): number {
  return Buffer.from(h, 'hex').readDoubleBE();
}

export function hexF32(h: string): number {
  return Buffer.from(h, 'hex').readFloatBE();
}
