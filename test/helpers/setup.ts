// Loaded into every test process through test/helpers/setup.mjs (scripts/run-tests.mjs): what an entry point sets up before
// core code runs, here the WebAssembly kernels' bytes (src/io/wasm-files.ts). To run one test file by hand:
//   node --import tsx --import ./test/helpers/setup.mjs --test test/....test.ts
import { loadWasmKernels } from '../../src/io/wasm-files.js';

loadWasmKernels();
