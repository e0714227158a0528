// The consensus forward pass, run by WebAssembly kernels (assembly/eval-kernels.ts) over batches of
// samples. It computes exactly the float64 operations, in exactly the order, of docs/PROTOCOL.md 4.3,
// so its logits equal the plain TypeScript reference (reference.ts) bit for bit; the tests check
// that on random architectures and on the protocol's vectors.
//
// Layout: the layers before the first dense layer (convolutions, pooling, batch norm, activations)
// run one sample at a time in per-sample buffers, the last of them writing the sample's row of a
// batch matrix X [batch][N]; the dense layers and what follows them then run once per batch, as
// matrix products over X, so each weight read serves several samples. A convolution is the same
// product reading its windows straight from a zero-bordered copy of its input. A relu directly after a convolution or dense layer is
// applied as its outputs are stored (the same values, one pass fewer). Everything lives in the
// instance's linear memory, laid out once per model: evaluating allocates nothing.
import {
  BATCH_NORM_EPSILON,
  convOutSide,
  convPadBefore,
  inferShapes,
  paramSpecs,
  poolOutSide,
  shapeChannels,
  shapeSize,
  type Shape,
} from '../../arch/ir.js';
import type { Model } from '../model/model.js';
import { COEF } from './exp.js';
import { instantiateEvalKernels } from './wasm.js';

/** Samples per batch: enough to amortise the dense layers' weight reads, small enough for the cache. */
export const DEFAULT_BATCH = 64;

export interface Forward {
  readonly inputSize: number;
  readonly classes: number;
  /** The most samples one logitsBatch call takes. */
  readonly batch: number;
  /** Logits of the sample at x[offset .. offset + inputSize); the returned buffer is reused. */
  logits(x: Float32Array, offset: number): Float64Array;
  /**
   * Logits of `count` (1..batch) consecutive samples starting at x[offset], as count rows of
   * `classes` values; the returned buffer is reused by the next call.
   */
  logitsBatch(x: Float32Array, offset: number, count: number): Float64Array;
}

/** One layer (or a layer and its fused relu): reads `count` samples at src, writes them at dst. */
interface Op {
  outSize: number;
  /** Element-wise: may write over its input. */
  inPlace: boolean;
  run(src: number, dst: number, count: number): void;
}

const align = (n: number) => Math.ceil(n / 16) * 16;
const roundUp4 = (n: number) => Math.ceil(n / 4) * 4;

/** Bump allocation of the instance's linear memory, and the constants to write there. */
class Layout {
  next: number;
  readonly writes: { at: number; data: Float64Array | Int32Array }[] = [];
  constructor(base: number) {
    this.next = align(base);
  }
  /** Room for `values` float64 values; returns its byte address. */
  alloc(values: number): number {
    const at = this.next;
    this.next = align(at + values * 8);
    return at;
  }
  put(data: Float64Array): number {
    const at = this.alloc(data.length);
    this.writes.push({ at, data });
    return at;
  }
  putInt32(data: Int32Array): number {
    const at = this.alloc(Math.ceil(data.length / 2));
    this.writes.push({ at, data });
    return at;
  }
}

/** Weights [F][K] as the gemm kernel reads them: four rows interleaved, zero rows past F. */
function packRows(w: Float64Array, F: number, K: number): Float64Array {
  const packed = new Float64Array(roundUp4(F) * K);
  for (let f = 0; f < F; f++) {
    const base = (f >> 2) * K * 4 + (f & 3);
    for (let j = 0; j < K; j++) packed[base + j * 4] = w[f * K + j];
  }
  return packed;
}

function padded(bias: Float64Array): Float64Array {
  const out = new Float64Array(roundUp4(bias.length));
  out.set(bias);
  return out;
}

export function compileForward(model: Model, batch = DEFAULT_BATCH): Forward {
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`batch ${batch} is not a positive integer`);
  const { arch } = model;
  const shapes = inferShapes(arch);
  const params = new Map<string, Float64Array>();
  paramSpecs(arch).forEach((s, k) => params.set(`${s.layer}.${s.name}`, Float64Array.from(model.params[k])));
  const param = (layer: number, name: string) => params.get(`${layer}.${name}`)!;
  const k = instantiateEvalKernels();
  const mem = new Layout(k.heapBase());
  const coef = mem.put(COEF);

  const firstDense = arch.layers.findIndex((l) => l.type === 'dense');
  const prefixEnd = firstDense < 0 ? arch.layers.length : firstDense;
  const prefix: Op[] = [];
  const suffix: Op[] = [];
  for (let i = 0; i < arch.layers.length; i++) {
    const at = i;
    const layer = arch.layers[i];
    const input = shapes[i];
    const size = shapeSize(input);
    const next = arch.layers[i + 1];
    const fuseRelu = next !== undefined && next.type === 'activation' && next.fn === 'relu';
    let op: Op | undefined;
    switch (layer.type) {
      case 'conv2d': {
        const { c, h, w } = image(input);
        const { kernel: ks, stride: s, padding, filters: F } = layer;
        const [OH, OW] = [convOutSide(h, ks, s, padding), convOutSide(w, ks, s, padding)];
        const [pt, pl] = [convPadBefore(h, ks, s, padding), convPadBefore(w, ks, s, padding)];
        const K = c * ks * ks;
        const P = OH * OW;
        const wp = mem.put(packRows(param(i, 'weight'), F, K));
        const bp = mem.put(padded(param(i, 'bias')));
        // The input, copied into a zero-bordered buffer that holds every window whole: window
        // (oy, ox) starts at padded row oy*s, column ox*s, and reads k x k cells of each plane.
        const [HP, WP] = [(OH - 1) * s + ks, (OW - 1) * s + ks];
        const bordered = mem.alloc(c * HP * WP); // zero, as fresh memory is; padCopy writes only inside
        const base = new Int32Array(roundUp4(P));
        for (let p = 0; p < P; p++) base[p] = (Math.floor(p / OW) * s * WP + (p % OW) * s) * 8;
        const off = new Int32Array(K);
        for (let ic = 0, j = 0; ic < c; ic++) {
          for (let ky = 0; ky < ks; ky++) for (let kx = 0; kx < ks; kx++, j++) off[j] = ((ic * HP + ky) * WP + kx) * 8;
        }
        const baseAt = mem.putInt32(base);
        const offAt = mem.putInt32(off);
        op = {
          outSize: F * P,
          inPlace: false,
          run(src, dst) {
            k.padCopy(src, c, h, w, bordered, HP, WP, pt, pl);
            k.conv(F, P, K, wp, bp, bordered, baseAt, offAt, dst, fuseRelu);
          },
        };
        if (fuseRelu) i++;
        break;
      }
      case 'dense': {
        const F = layer.units;
        const wp = mem.put(packRows(param(i, 'weight'), F, size));
        const bp = mem.put(padded(param(i, 'bias')));
        // The input rows are the batch's samples (rows past `count` are read, never stored).
        op = {
          outSize: F,
          inPlace: false,
          run: (src, dst, count) => k.gemm(F, count, size, wp, bp, src, dst, 1, F, fuseRelu),
        };
        if (fuseRelu) i++;
        break;
      }
      case 'maxPool2d':
      case 'avgPool2d': {
        const { c, h, w } = image(input);
        const { size: ps, stride } = layer;
        const [OH, OW] = [poolOutSide(h, ps, stride), poolOutSide(w, ps, stride)];
        const pool = layer.type === 'maxPool2d' ? k.maxPool : k.avgPool;
        op = { outSize: c * OH * OW, inPlace: false, run: (src, dst) => pool(src, c, h, w, ps, stride, OH, OW, dst) };
        break;
      }
      case 'globalAvgPool': {
        const { c, h, w } = image(input);
        op = { outSize: c, inPlace: false, run: (src, dst) => k.globalAvgPool(src, c, h * w, dst) };
        break;
      }
      case 'batchNorm': {
        const channels = shapeChannels(input);
        const plane = size / channels;
        const mean = mem.put(param(i, 'mean'));
        const dev = mem.put(param(i, 'variance').map((v) => Math.sqrt(v + BATCH_NORM_EPSILON)));
        const gamma = mem.put(param(i, 'gamma'));
        const beta = mem.put(param(i, 'beta'));
        op = {
          outSize: size,
          inPlace: true,
          run: (src, dst, count) => k.batchNorm(src, dst, count, channels, plane, mean, dev, gamma, beta),
        };
        break;
      }
      case 'activation': {
        const fn = layer.fn;
        op = {
          outSize: size,
          inPlace: true,
          run:
            fn === 'relu'
              ? (src, dst, count) => k.relu(src, dst, count * size)
              : (src, dst, count) => k.squash(src, dst, count * size, fn === 'tanh', coef),
        };
        break;
      }
      case 'dropout':
      case 'flatten':
        break;
    }
    if (op) (at < prefixEnd ? prefix : suffix).push(op);
  }

  const inputSize = shapeSize(arch.input);
  const N = shapeSize(shapes[prefixEnd]);
  const rows = roundUp4(batch);
  const stage = mem.alloc(Math.ceil((batch * inputSize) / 2)); // float32 inputs
  const X = mem.alloc(rows * N);
  // Per-sample buffers of the prefix; the last prefix op writes row b of X (marked -1).
  const sampleIn = prefix.length > 0 ? mem.alloc(inputSize) : -1;
  const prefixSrc: number[] = [];
  const prefixDst: number[] = [];
  let cur = sampleIn;
  prefix.forEach((op, j) => {
    prefixSrc.push(cur);
    cur = j === prefix.length - 1 ? -1 : op.inPlace ? cur : mem.alloc(op.outSize);
    prefixDst.push(cur);
  });
  const suffixSrc: number[] = [];
  const suffixDst: number[] = [];
  cur = X;
  for (const op of suffix) {
    suffixSrc.push(cur);
    cur = op.inPlace ? cur : mem.alloc(rows * op.outSize);
    suffixDst.push(cur);
  }
  const out = cur;

  const missing = mem.next - k.memory.buffer.byteLength;
  if (missing > 0) k.memory.grow(Math.ceil(missing / 65536));
  for (const { at, data } of mem.writes) {
    if (data instanceof Float64Array) new Float64Array(k.memory.buffer, at, data.length).set(data);
    else new Int32Array(k.memory.buffer, at, data.length).set(data);
  }
  const stageView = new Float32Array(k.memory.buffer, stage, batch * inputSize);
  const logitsView = new Float64Array(k.memory.buffer, out, rows * arch.classes);
  const single = logitsView.subarray(0, arch.classes);
  const rowBytes = N * 8;
  const inBytes = inputSize * 4;

  const logitsBatch = (x: Float32Array, offset: number, count: number): Float64Array => {
    if (!Number.isInteger(count) || count < 1 || count > batch)
      throw new RangeError(`batch of ${count} samples, expected 1..${batch}`);
    const end = offset + count * inputSize;
    if (!Number.isInteger(offset) || offset < 0 || end > x.length) {
      throw new RangeError(`samples at ${offset}..${end} lie outside the ${x.length} input values`);
    }
    stageView.set(x.subarray(offset, end));
    for (let b = 0; b < count; b++) {
      const row = X + b * rowBytes;
      k.widen(stage + b * inBytes, prefix.length > 0 ? sampleIn : row, inputSize);
      for (let j = 0; j < prefix.length; j++) {
        const dst = prefixDst[j];
        prefix[j].run(prefixSrc[j], dst < 0 ? row : dst, 1);
      }
    }
    for (let j = 0; j < suffix.length; j++) suffix[j].run(suffixSrc[j], suffixDst[j], count);
    return count === 1 ? single : logitsView.subarray(0, count * arch.classes);
  };
  return {
    inputSize,
    classes: arch.classes,
    batch,
    logitsBatch,
    logits: (x, offset) => logitsBatch(x, offset, 1),
  };
}

/** Predicted class of each of `count` samples of x into out[0 .. count). */
export function predictInto(forward: Forward, x: Float32Array, count: number, out: Uint32Array): void {
  const { classes, inputSize, batch } = forward;
  for (let first = 0; first < count; first += batch) {
    const n = Math.min(batch, count - first);
    const logits = forward.logitsBatch(x, first * inputSize, n);
    for (let s = 0; s < n; s++) out[first + s] = argmaxAt(logits, s * classes, classes);
  }
}

function image(s: Shape): Extract<Shape, { kind: 'image' }> {
  if (s.kind !== 'image') throw new Error('unreachable: inferShapes checked the layer takes an image');
  return s;
}

/** Index of the greatest logit; a tie goes to the lowest index (later values must be strictly greater). */
export function argmax(logits: Float64Array): number {
  return argmaxAt(logits, 0, logits.length);
}

/** argmax of logits[offset .. offset + n), as an index from 0. */
export function argmaxAt(logits: Float64Array, offset: number, n: number): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (logits[offset + i] > logits[offset + best]) best = i;
  return best;
}
