// The evaluator's WebAssembly kernels (assembly/eval-kernels.ts, compiled by `npm run
// build:wasm` to dist/ml/eval/eval-kernels.wasm). Every compiled forward pass instantiates its own
// copy, with its own linear memory, so threads and models never share buffers.
import { wasmModuleSlot } from '../wasm-module.js';

/** Addresses are byte offsets into `memory`; counts are numbers of float64 values. See the .ts source. */
export interface EvalKernels {
  memory: WebAssembly.Memory;
  heapBase(): number;
  widen(src: number, dst: number, n: number): void;
  gemm(
    F: number,
    P: number,
    K: number,
    wp: number,
    bp: number,
    cols: number,
    out: number,
    ldF: number,
    ldP: number,
    relu: boolean,
  ): void;
  conv(
    F: number,
    P: number,
    K: number,
    wp: number,
    bp: number,
    src: number,
    base: number,
    off: number,
    out: number,
    relu: boolean,
  ): void;
  padCopy(
    src: number,
    C: number,
    H: number,
    W: number,
    dst: number,
    HP: number,
    WP: number,
    pt: number,
    pl: number,
  ): void;
  maxPool(
    src: number,
    C: number,
    H: number,
    W: number,
    size: number,
    stride: number,
    OH: number,
    OW: number,
    dst: number,
  ): void;
  avgPool(
    src: number,
    C: number,
    H: number,
    W: number,
    size: number,
    stride: number,
    OH: number,
    OW: number,
    dst: number,
  ): void;
  globalAvgPool(src: number, C: number, plane: number, dst: number): void;
  batchNorm(
    src: number,
    dst: number,
    count: number,
    channels: number,
    plane: number,
    mean: number,
    dev: number,
    gamma: number,
    beta: number,
  ): void;
  relu(src: number, dst: number, n: number): void;
  squash(src: number, dst: number, n: number, isTanh: boolean, coef: number): void;
}

export const evalKernelModule = wasmModuleSlot('ml/eval/eval-kernels.wasm');

export function instantiateEvalKernels(): EvalKernels {
  return new WebAssembly.Instance(evalKernelModule(), {}).exports as unknown as EvalKernels;
}
