// The WebAssembly SIMD kernels (assembly/kernels.ts, compiled by `npm run build:wasm` to
// dist/ml/kernels/kernels.wasm). Each thread instantiates its own copy with its own memory.
import { wasmModuleSlot } from '../wasm-module.js';

export interface Kernels {
  memory: WebAssembly.Memory;
  /** C[m,n] (+)= A[m,k] B[k,n], A(i,p) at a + 4*(i*rsA + p*csA). Addresses in bytes, strides in floats. */
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    rsA: number,
    csA: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    accumulate: boolean,
  ): void;
  /** C[m,n] (+)= A[m,k] B[n,k]^T. */
  gemmNT(
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    accumulate: boolean,
  ): void;
  im2col(
    src: number,
    c: number,
    h: number,
    w: number,
    k: number,
    stride: number,
    padT: number,
    padL: number,
    oh: number,
    ow: number,
    dst: number,
  ): void;
  col2im(
    cols: number,
    c: number,
    h: number,
    w: number,
    k: number,
    stride: number,
    padT: number,
    padL: number,
    oh: number,
    ow: number,
    dst: number,
  ): void;
  relu(x: number, y: number, count: number): void;
  reluBackward(y: number, dy: number, dx: number, count: number): void;
  maxPool(
    x: number,
    planes: number,
    h: number,
    w: number,
    size: number,
    stride: number,
    oh: number,
    ow: number,
    y: number,
  ): void;
  /** Routes each window's gradient to the first input equal to its maximum. */
  maxPoolBackward(
    x: number,
    y: number,
    dy: number,
    planes: number,
    h: number,
    w: number,
    size: number,
    stride: number,
    oh: number,
    ow: number,
    dx: number,
  ): void;
  /** dst[r] += sum of row r of the rows x cols matrix src. */
  addRowSums(src: number, rows: number, cols: number, dst: number): void;
  /** dst += src. */
  addInto(dst: number, src: number, count: number): void;
  sgdStep(p: number, g: number, v: number, count: number, lr: number, momentum: number, wd: number): void;
  adamStep(
    p: number,
    g: number,
    m: number,
    v: number,
    count: number,
    stepSize: number,
    rootC2: number,
    wd: number,
    b1: number,
    b2: number,
    eps: number,
  ): void;
}

export const kernelModule = wasmModuleSlot('ml/kernels/kernels.wasm');

/** A fresh instance: its own linear memory, which one Arena then manages. */
export function instantiateKernels(module = kernelModule()): Kernels {
  return new WebAssembly.Instance(module, {}).exports as unknown as Kernels;
}
