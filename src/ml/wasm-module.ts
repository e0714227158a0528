// Compiles, once per thread, a WebAssembly module that `npm run build:wasm` writes under dist/. Run from dist, the
// .wasm files sit in this module's tree; run from source (tsx), they are read from dist.
// (Under tsx in a worker thread a module's URL carries a query, so only its path is looked at.)
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIST = new URL(new URL(import.meta.url).pathname.endsWith('.ts') ? '../../dist/' : '../', import.meta.url);

/** A loader of `distPath` (relative to dist/, e.g. 'ml/eval/eval-kernels.wasm') that compiles it on first use. */
export function wasmModuleLoader(distPath: string): () => WebAssembly.Module {
  let compiled: WebAssembly.Module | undefined;
  return () => {
    if (!compiled) {
      const path = fileURLToPath(new URL(distPath, DIST));
      if (!existsSync(path)) throw new Error(`${path} is missing: run 'npm run build:wasm'`);
      compiled = new WebAssembly.Module(readFileSync(path));
    }
    return compiled;
  };
}
