// Spreads an evaluation over worker threads: each evaluates a contiguous share of the samples with
// the same pure forward pass, and the integer counts add up the same in any order, so the result
// does not depend on the number of workers.
import { sliceSplit } from '../data/dataset.js';
import type { Split } from '../data/split.js';
import { decodeModel } from '../model/codec.js';
import { evaluateSplit } from './evaluate.js';
import { addConfusion, emptyConfusion, type Confusion } from './score.js';
import { startWorker } from './start-worker.js';

/** What one worker receives: the model file and copies of its samples (transferred, not shared). */
export interface EvalJob {
  model: Uint8Array;
  x: Float32Array;
  y: Uint8Array;
}

export async function evaluateParallel(modelFile: Uint8Array, split: Split, workers: number): Promise<Confusion> {
  const model = decodeModel(modelFile);
  const threads = Math.min(workers, split.count);
  if (threads <= 1) return evaluateSplit(model, split);
  const total = emptyConfusion(model.arch.classes);
  const shares = Array.from({ length: threads }, (_, k) => {
    const first = Math.floor((split.count * k) / threads);
    const part = sliceSplit(split, first, Math.floor((split.count * (k + 1)) / threads) - first);
    return runWorker({ model: new Uint8Array(modelFile), x: part.x.slice(), y: new Uint8Array(part.y) });
  });
  for (const counts of await Promise.all(shares)) addConfusion(total, { classes: total.classes, counts });
  return total;
}

function runWorker(job: EvalJob): Promise<Float64Array> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(import.meta.url, 'worker', {
      workerData: job,
      transferList: [job.model.buffer as ArrayBuffer, job.x.buffer as ArrayBuffer, job.y.buffer as ArrayBuffer],
    });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`evaluation worker exited with code ${code}`)));
  });
}
