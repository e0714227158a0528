// Supplies the WebAssembly kernels' bytes from the .wasm files that `npm run build:wasm` writes under dist/. Run
// from dist, the files sit in this module's tree; run from source (tsx), they are read from dist.
// (Under tsx in a worker thread a module's URL carries a query, so only its path is looked at.)
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evalKernelModule } from '../ml/eval/wasm.js';
import { kernelModule } from '../ml/kernels/wasm.js';
import type { WasmModuleSlot } from '../ml/wasm-module.js';

const DIST = new URL(new URL(import.meta.url).pathname.endsWith('.ts') ? '../../dist/' : '../', import.meta.url);

/** The bytes of `distPath` (relative to dist/). */
export function readWasmFile(distPath: string): Uint8Array {
  const path = fileURLToPath(new URL(distPath, DIST));
  if (!existsSync(path)) throw new Error(`${path} is missing: run 'npm run build:wasm'`);
  return readFileSync(path);
}

/** Points the training and evaluation kernels at their .wasm files (read on first use). Idempotent. */
export function loadWasmKernels(slots: readonly WasmModuleSlot[] = [kernelModule, evalKernelModule]): void {
  for (const slot of slots) slot.supply(() => readWasmFile(slot.distPath));
}
