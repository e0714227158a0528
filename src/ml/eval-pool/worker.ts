// Worker thread entry of evaluateParallel: claims chunks of the shared samples and posts its counts.
import { parentPort, workerData } from 'node:worker_threads';
import { loadWasmKernels } from '../../io/wasm-files.js';
import { decodeModel } from '../model/codec.js';
import { evaluateChunks, type EvalJob } from './parallel.js';

loadWasmKernels();
const job = workerData as EvalJob;
parentPort!.postMessage(evaluateChunks(decodeModel(job.model), job).counts);
