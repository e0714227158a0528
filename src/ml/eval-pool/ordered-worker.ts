// Worker thread entry of OrderedEvalPool: evaluates each job's model on the shared split in the job's order. An
// exception here ends the thread, which the pool reports as a crash and replaces.
import { parentPort, workerData } from 'node:worker_threads';
import { loadWasmKernels } from '../../io/wasm-files.js';
import { decodeModel } from '../model/codec.js';
import { evaluateInOrder } from '../eval/ordered.js';
import type { OrderedAnswer, OrderedJob, OrderedWorkerData } from './ordered-pool.js';

loadWasmKernels();
const split = workerData as OrderedWorkerData;
parentPort!.on('message', (job: OrderedJob) => {
  const { confusion, evaluated } = evaluateInOrder(decodeModel(job.model), split, job.order, job.stop);
  const answer: OrderedAnswer = { classes: confusion.classes, counts: confusion.counts, evaluated };
  parentPort!.postMessage(answer, [confusion.counts.buffer as ArrayBuffer]);
});
