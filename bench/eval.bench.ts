// The exact evaluator's samples/s on the reference CNN (seeded weights) with 1 and 2 workers, against
// onnxruntime-node (1 thread, batch 64) running the same model exported to ONNX, all in one run. Each
// figure is the median of several runs (the machine may be shared); the load average is reported.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import ort from 'onnxruntime-node';
import type { Architecture } from '../src/arch/ir.js';
import { sliceSplit } from '../src/ml/data/dataset.js';
import { loadDataset } from '../src/io/data/load.js';
import { CHUNK, evaluateParallel } from '../src/ml/eval-pool/parallel.js';
import { modelToOnnx } from '../src/ml/export/onnx.js';
import { encodeModel } from '../src/ml/model/codec.js';
import { randomModel } from '../src/ml/model/random-model.js';
import { ratePerSecond, table, type Bench } from './report.js';

const MNIST = '../shared/datasets/mnist';
const SAMPLES = 10000;
const RUNS = 3;
const BATCH = 64;
const TARGET_PER_CORE = 2000;

export const bench: Bench = async () => {
  const arch = JSON.parse(readFileSync(new URL('reference-cnn.json', import.meta.url), 'utf8')) as Architecture;
  const model = randomModel(arch, 1);
  const file = encodeModel(model);
  const data = existsSync(MNIST) ? loadDataset(MNIST).test! : loadDataset('default').validation;
  const split = sliceSplit(data, 0, Math.min(SAMPLES, data.count));
  await evaluateParallel(file, sliceSplit(split, 0, 200), 1); // warm up the JIT
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const exact = async (workers: number) => {
    const rates: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const start = process.hrtime.bigint();
      await evaluateParallel(file, split, workers);
      rates.push(split.count / (Number(process.hrtime.bigint() - start) / 1e9));
    }
    return median(rates);
  };
  const load = os.loadavg()[0];
  const one = await exact(1);
  const two = await exact(2);
  const session = await ort.InferenceSession.create(modelToOnnx(model), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const batch = new ort.Tensor('float32', split.x.slice(0, BATCH * 784), [BATCH, 1, 28, 28]);
  const onnxRates: number[] = [];
  for (let r = 0; r < RUNS; r++) onnxRates.push(await ratePerSecond(() => session.run({ input: batch }), BATCH, 1));
  const onnx = median(onnxRates);
  const loadAfter = os.loadavg()[0];
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  return {
    title: 'Consensus evaluator (reference CNN, inference)',
    body: [
      table(
        ['engine', 'samples/s', 'vs onnxruntime'],
        [
          ['exact evaluator, float64, 1 worker', fmt(one), (one / onnx).toFixed(3)],
          ['exact evaluator, float64, 2 workers', fmt(two), (two / onnx).toFixed(3)],
          ['onnxruntime-node, float32, 1 thread, batch 64', fmt(onnx), '1'],
        ],
      ),
      '',
      `${split.count} samples of ${existsSync(MNIST) ? 'the MNIST test set' : 'the bundled validation split'}, seeded ` +
        `weights; medians of ${RUNS} runs, worker start-up included (with 2 workers the calling thread and one worker ` +
        `thread claim chunks of ${CHUNK} samples until none is left). Load average ${load.toFixed(1)} before, ${loadAfter.toFixed(1)} after, ` +
        `on ${os.cpus().length} cores. Target: the exact evaluator >= ${fmt(TARGET_PER_CORE)} samples/s per core ` +
        `(${one >= TARGET_PER_CORE ? 'met' : 'NOT met'} with 1 worker).`,
    ].join('\n'),
  };
};
