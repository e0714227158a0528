// Loads the evaluator's WebAssembly kernels (assembly/eval-kernels.ts, compiled by `npm run
// build:wasm` to dist/ml/eval/eval-kernels.wasm). Every compiled forward pass instantiates its own
// copy, with its own linear memory, so threads and models never share buffers.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Addresses are byte offsets into `memory`; counts are numbers of float64 values. See the .ts source. */
export interface EvalKernels {
  memory: WebAssembly.Memory;
  heapBase(): number;
  widen(src: number, dst: number, n: number): void;
  gemm(F: number, P: number, K: number, wp: number, bp: number, cols: number, out: number, ldF: number, ldP: number, relu: boolean): void;
  conv(F: number, P: number, K: number, wp: number, bp: number, src: number, base: number, off: number, out: number, relu: boolean): void;
  padCopy(src: number, C: number, H: number, W: number, dst: number, HP: number, WP: number, pt: number, pl: number): void;
  maxPool(src: number, C: number, H: number, W: number, size: number, stride: number, OH: number, OW: number, dst: number): void;
  avgPool(src: number, C: number, H: number, W: number, size: number, stride: number, OH: number, OW: number, dst: number): void;
  globalAvgPool(src: number, C: number, plane: number, dst: number): void;
  batchNorm(src: number, dst: number, count: number, channels: number, plane: number, mean: number, dev: number, gamma: number, beta: number): void;
  relu(src: number, dst: number, n: number): void;
  squash(src: number, dst: number, n: number, isTanh: boolean, coef: number): void;
}

/** From dist the .wasm sits beside this module; run from source (tsx), it is read from dist. */
// (Under tsx in a worker thread the module's URL carries a query, so look at the path alone.)
const WASM_URL = new URL(
  new URL(import.meta.url).pathname.endsWith('.ts') ? '../../../dist/ml/eval/eval-kernels.wasm' : './eval-kernels.wasm',
  import.meta.url,
);

let compiled: WebAssembly.Module | undefined;

export function evalKernelModule(): WebAssembly.Module {
  if (!compiled) {
    const path = fileURLToPath(WASM_URL);
    if (!existsSync(path)) throw new Error(`${path} is missing: run 'npm run build:wasm'`);
    compiled = new WebAssembly.Module(readFileSync(path));
  }
  return compiled;
}

export function instantiateEvalKernels(): EvalKernels {
  return new WebAssembly.Instance(evalKernelModule(), {}).exports as unknown as EvalKernels;
}
