// A WebAssembly module (the kernels that `npm run build:wasm` writes under dist/), compiled once per thread from
// bytes. Core code does not read files: the io layer supplies each module's bytes at startup
// (loadWasmKernels() in src/io/wasm-files.ts, called by the CLI, the worker threads, the test runner and the
// benchmarks), and they are read and compiled on first use.

export interface WasmModuleSlot {
  /** The compiled module; throws until a byte source was supplied. */
  (): WebAssembly.Module;
  /** Where `npm run build:wasm` writes the module, relative to dist/ (e.g. 'ml/eval/eval-kernels.wasm'). */
  readonly distPath: string;
  /** Sets where the bytes come from (read once, on first use); the first source supplied wins. */
  supply(source: () => Uint8Array | WebAssembly.Module): void;
  readonly supplied: boolean;
}

export function wasmModuleSlot(distPath: string): WasmModuleSlot {
  let source: (() => Uint8Array | WebAssembly.Module) | undefined;
  let compiled: WebAssembly.Module | undefined;
  const slot = () => {
    if (!compiled) {
      if (!source) {
        throw new Error(
          `WebAssembly module ${distPath} not supplied: call loadWasmKernels() (src/io/wasm-files.ts) at startup`,
        );
      }
      const bytes = source();
      // (The DOM's types, which the explorer's build checks this file with, take no view of a SharedArrayBuffer.)
      compiled = bytes instanceof WebAssembly.Module ? bytes : new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    }
    return compiled;
  };
  return Object.defineProperties(slot, {
    distPath: { value: distPath },
    supply: { value: (s: () => Uint8Array | WebAssembly.Module) => void (source ??= s) },
    supplied: { get: () => source !== undefined },
  }) as WasmModuleSlot;
}
