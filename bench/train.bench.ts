// Training and inference speed of our engine on the reference CNN (bench/reference-cnn.json), batch
// 64, on MNIST, against PyTorch CPU with as many threads as we have workers (bench/pytorch_reference.py;
// skipped with a note when /usr/bin/python3 cannot import torch).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Architecture } from '../src/arch/ir.js';
import { sliceSplit } from '../src/ml/data/dataset.js';
import type { Split } from '../src/ml/data/split.js';
import { loadDataset } from '../src/ml/data/load.js';
import { evaluateRange } from '../src/ml/train/evaluate.js';
import { Network } from '../src/ml/train/network.js';
import { train } from '../src/ml/train/trainer.js';
import { table, type BenchSection } from './report.js';

const MNIST = '../shared/datasets/mnist';
const BATCH = 64;
const WORKERS = 2;
const SECONDS = 15;
const TARGET_RATIO = 0.25;
const PYTHON = '/usr/bin/python3';

export async function bench(): Promise<BenchSection> {
  const arch = JSON.parse(readFileSync('bench/reference-cnn.json', 'utf8')) as Architecture;
  const data = loadDataset(MNIST);
  const ours = {
    train: await trainingRate(arch, data.train, sliceSplit(data.validation, 0, BATCH)),
    inference: inferenceRate(arch, data.test ?? data.validation),
  };
  const torch = pytorch();
  const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
  const rows: (string | number)[][] = [
    ['coinai (WASM SIMD kernels)', `${WORKERS} workers train, 1 thread inference`, fmt(ours.train), fmt(ours.inference)],
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
    ].join('\n'),
  };
}

/** Training samples per second over the run, worker start-up and validation passes excluded. */
async function trainingRate(arch: Architecture, trainSplit: Split, validation: Split): Promise<number> {
  const { history } = await train(arch, { train: trainSplit, validation }, { batchSize: BATCH }, { timeBudgetSeconds: SECONDS, workers: WORKERS });
  const samples = history.reduce((n, r) => n + r.samples, 0);
  return samples / history.reduce((t, r) => t + r.samples / r.samplesPerSecond, 0);
}

/** One thread's float32 forward passes at batch 64 over a split. */
function inferenceRate(arch: Architecture, split: Split): number {
  const net = new Network(arch, BATCH);
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
  const run = spawnSync(PYTHON, ['bench/pytorch_reference.py', MNIST, '--threads', String(WORKERS), '--batch', String(BATCH), '--seconds', '10'], {
    encoding: 'utf8',
  });
  if (run.status !== 0) return { error: `bench/pytorch_reference.py failed: ${run.stderr.trim().split('\n').pop()}` };
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as TorchResult;
}
