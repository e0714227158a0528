// Worker thread entry of evaluateParallel: claims chunks of the shared samples and posts its counts.
import { parentPort, workerData } from 'node:worker_threads';
import { decodeModel } from '../model/codec.js';
import { evaluateChunks, type EvalJob } from './parallel.js';

const job = workerData as EvalJob;
parentPort!.postMessage(evaluateChunks(decodeModel(job.model), job).counts);
