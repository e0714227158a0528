// Worker thread entry of evaluateParallel: evaluates its share of the samples and posts the counts.
import { parentPort, workerData } from 'node:worker_threads';
import { decodeModel } from '../model/codec.js';
import { evaluateSplit } from './evaluate.js';
import type { EvalJob } from './parallel.js';

const job = workerData as EvalJob;
const confusion = evaluateSplit(decodeModel(job.model), { x: job.x, y: job.y, count: job.y.length });
parentPort!.postMessage(confusion.counts);
