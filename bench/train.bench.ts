// Training and inference speed of our engine on the reference CNN (bench/reference-cnn.json), batch
// 64, on MNIST, against PyTorch CPU with as many threads as we have workers (bench/pytorch_reference.py;
// skipped with a note when /usr/bin/python3 cannot import torch).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Architecture } from '../src/arch/ir.js';
import { sliceSplit } from '../src/ml/data/dataset.js';
import type { Split } from '../src/ml/data/split.js';
import { loadDataset } from '../src/io/data/load.js';
import { evaluateParallel } from '../src/ml/eval-pool/parallel.js';
import { encodeModel } from '../src/ml/model/codec.js';
import { GRAMMAR_ID_BYTES } from '../src/ml/model/model.js';
import { evaluateRange } from '../src/ml/train/evaluate.js';
import { TrainableNet } from '../src/ml/train/trainable-net.js';
import { train } from '../src/ml/train/trainer.js';
import { DEFAULT_EPOCHS } from '../src/cli/commands/train.js';
import { table, type BenchSection } from './report.js';

const MNIST = '../shared/datasets/mnist';
const BATCH = 64;
const WORKERS = 2;
const SECONDS = 15;
const TARGET_RATIO = 0.25;
const PYTHON = '/usr/bin/python3';
const EVAL_SAMPLES = 10_000;
const TARGET_EVAL_SHARE = 0.01;

export async function bench(): Promise<BenchSection> {
  const arch = JSON.parse(readFileSync('bench/reference-cnn.json', 'utf8')) as Architecture;
  const data = loadDataset(MNIST);
  const trained = await trainingRun(arch, data.train, sliceSplit(data.validation, 0, BATCH));
  const ours = { train: trained.rate, inference: inferenceRate(arch, data.test ?? data.validation) };
  const evalCost = await evaluationCost(
    arch,
    trained.params,
    sliceSplit(data.test ?? data.validation, 0, EVAL_SAMPLES),
    (DEFAULT_EPOCHS * data.train.count) / trained.rate,
  );
  const torch = pytorch();
  const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
  const rows: (string | number)[][] = [
    [
      'coinai (WASM SIMD kernels)',
      `${WORKERS} workers train, 1 thread inference`,
      fmt(ours.train),
      fmt(ours.inference),
    ],
  ];
  let verdict: string;
  if ('error' in torch) {
    verdict = `PyTorch skipped: ${torch.error}.`;
  } else {
    rows.push([`PyTorch ${torch.torch} CPU`, `${torch.threads} threads`, fmt(torch.train), fmt(torch.inference)]);
    const ratio = ours.train / torch.train;
    rows.push(['ratio coinai / PyTorch', '', ratio.toFixed(2), (ours.inference / torch.inference).toFixed(2)]);
    verdict = `Training at ${ratio.toFixed(2)}x PyTorch: ${ratio >= TARGET_RATIO ? 'meets' : 'misses'} the ${TARGET_RATIO}x target.`;
  }
  return {
    title: 'Training engine: reference CNN on MNIST, batch 64 (samples/s)',
    body: [
      table(['engine', 'threads', 'train', 'inference'], rows),
      '',
      `Training: Adam, ${SECONDS} s of full MNIST epochs after the workers start; inference: float32 forward ` +
        `at batch ${BATCH} over the test set. ${verdict}`,
      '',
      evalCost,
    ].join('\n'),
  };
}

/** The trained weights, and training samples per second over the run (worker start-up and validation excluded). */
async function trainingRun(
  arch: Architecture,
  trainSplit: Split,
  validation: Split,
): Promise<{ params: Float32Array[]; rate: number }> {
  const { params, history } = await train(
    arch,
    { train: trainSplit, validation },
    { batchSize: BATCH },
    { timeBudgetSeconds: SECONDS, workers: WORKERS },
  );
  const samples = history.reduce((n, r) => n + r.samples, 0);
  return { params, rate: samples / history.reduce((t, r) => t + r.samples / r.samplesPerSecond, 0) };
}

/** Exact evaluation of the trained model on 10,000 samples (2 workers) against `coinai train`'s default run. */
async function evaluationCost(
  arch: Architecture,
  params: Float32Array[],
  split: Split,
  defaultTrainSeconds: number,
): Promise<string> {
  const file = encodeModel({ grammarId: new Uint8Array(GRAMMAR_ID_BYTES), phenotype: '', arch, params });
  const start = process.hrtime.bigint();
  await evaluateParallel(file, split, WORKERS);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const share = seconds / defaultTrainSeconds;
  return (
    table(
      ['exact evaluation, 10,000 samples', `default training (${DEFAULT_EPOCHS} epochs of full MNIST)`, 'share'],
      [
        [
          `${seconds.toFixed(2)} s`,
          `${defaultTrainSeconds.toFixed(0)} s at the rate above`,
          `${(share * 100).toFixed(2)}%`,
        ],
      ],
    ) +
    `\n\nVerification cost: ${share <= TARGET_EVAL_SHARE ? 'meets' : 'misses'} the ${TARGET_EVAL_SHARE * 100}% target ` +
    `(\`coinai train\` runs ${DEFAULT_EPOCHS} epochs unless told otherwise).`
  );
}

/** One thread's float32 forward passes at batch 64 over a split. */
function inferenceRate(arch: Architecture, split: Split): number {
  const net = new TrainableNet(arch, BATCH);
  evaluateRange(net, split, 0, Math.min(split.count, 1000));
  const start = process.hrtime.bigint();
  evaluateRange(net, split, 0, split.count);
  return split.count / (Number(process.hrtime.bigint() - start) / 1e9);
}

type TorchResult = { torch: string; threads: number; train: number; inference: number } | { error: string };

function pytorch(): TorchResult {
  if (spawnSync(PYTHON, ['-c', 'import torch']).status !== 0) {
    return { error: `${PYTHON} cannot import torch (install Debian's python3-torch to compare)` };
  }
  const run = spawnSync(
    PYTHON,
    ['bench/pytorch_reference.py', MNIST, '--threads', String(WORKERS), '--batch', String(BATCH), '--seconds', '10'],
    {
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) return { error: `bench/pytorch_reference.py failed: ${run.stderr.trim().split('\n').pop()}` };
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as TorchResult;
}
