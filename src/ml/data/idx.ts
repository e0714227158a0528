// The IDX format of MNIST: big-endian magic (0x0000 0x08 = unsigned bytes, then the dimension count),
// one u32 per dimension, then the data. Pixel bytes b become b/255 as float32.
import { DatasetError } from './dataset.js';

const IMAGES_MAGIC = 2051; // u8 data, 3 dimensions: count, rows, columns
const LABELS_MAGIC = 2049; // u8 data, 1 dimension: count

export interface IdxImages {
  count: number;
  h: number;
  w: number;
  x: Float32Array;
}

export function parseIdxImages(bytes: Uint8Array, file: string): IdxImages {
  const view = header(bytes, file, IMAGES_MAGIC, 3);
  const [count, h, w] = [view.getUint32(4), view.getUint32(8), view.getUint32(12)];
  expectLength(bytes, 16 + count * h * w, file);
  return { count, h, w, x: bytesToUnit(bytes.subarray(16)) };
}

export function parseIdxLabels(bytes: Uint8Array, file: string): Uint8Array {
  const view = header(bytes, file, LABELS_MAGIC, 1);
  const count = view.getUint32(4);
  expectLength(bytes, 8 + count, file);
  return new Uint8Array(bytes.subarray(8)); // a copy, and a plain Uint8Array even when given a Buffer
}

/** Pixel bytes to floats in [0, 1]: the one conversion every data path uses. */
export function bytesToUnit(bytes: Uint8Array): Float32Array {
  const x = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) x[i] = bytes[i] / 255;
  return x;
}

function header(bytes: Uint8Array, file: string, magic: number, dims: number): DataView {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = bytes.length >= 4 ? view.getUint32(0) : -1;
  if (found !== magic) {
    throw new DatasetError(
      `${file}: IDX magic ${found}, expected ${magic} (${magic === IMAGES_MAGIC ? 'images' : 'labels'})`,
    );
  }
  if (bytes.length < 4 + 4 * dims) throw new DatasetError(`${file}: too short for an IDX header`);
  return view;
}

function expectLength(bytes: Uint8Array, expected: number, file: string): void {
  if (bytes.length !== expected) {
    throw new DatasetError(`${file}: ${bytes.length} bytes, the IDX header announces ${expected}`);
  }
}

/** The IDX images file of `count` h×w one-byte images (`pixels` in sample-major, row-major order). */
export function encodeIdxImages(count: number, h: number, w: number, pixels: Uint8Array): Uint8Array {
  if (pixels.length !== count * h * w) throw new RangeError(`${pixels.length} pixels for ${count} ${h}x${w} images`);
  const bytes = new Uint8Array(16 + pixels.length);
  const view = new DataView(bytes.buffer);
  [IMAGES_MAGIC, count, h, w].forEach((v, i) => view.setUint32(4 * i, v));
  bytes.set(pixels, 16);
  return bytes;
}

/** The IDX labels file of one-byte `labels`. */
export function encodeIdxLabels(labels: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(8 + labels.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, LABELS_MAGIC);
  view.setUint32(4, labels.length);
  bytes.set(labels, 8);
  return bytes;
}
