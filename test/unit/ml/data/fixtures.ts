// Small IDX files built in memory, for the data tests.
export function idxImages(count: number, h: number, w: number, pixel: (i: number) => number): Uint8Array {
  const b = new Uint8Array(16 + count * h * w);
  const v = new DataView(b.buffer);
  [2051, count, h, w].forEach((n, i) => v.setUint32(4 * i, n));
  for (let i = 0; i < count * h * w; i++) b[16 + i] = pixel(i);
  return b;
}

export function idxLabels(labels: number[]): Uint8Array {
  const b = new Uint8Array(8 + labels.length);
  const v = new DataView(b.buffer);
  v.setUint32(0, 2049);
  v.setUint32(4, labels.length);
  b.set(labels, 8);
  return b;
}
