// train(): data-parallel training of an architecture over worker threads (one per core by default),
// with epochs and/or a time budget, a float32 validation pass after every epoch, early stop at a
// target accuracy, and cancellation through an AbortSignal.
import { availableParallelism } from 'node:os';
import type { Architecture } from '../../arch/ir.js';
import { inferShapes, paramSpecs, shapeSize } from '../../arch/ir.js';
import type { Split } from '../data/split.js';
import { Random } from '../tensor/random.js';
import { resolveHyperParams, type HyperParams } from './hyper-params.js';
import { initialParams } from './init.js';
import type { WorkerSetup } from './messages.js';
import { WorkerPool } from './pool.js';
import { canonicalWeights } from '../model/codec.js';
import { ABORT, ACTIVE, activeWorkers, createSharedState } from './shared.js';
import type { ThreadLimit } from './thread-limit.js';

export interface TrainOptions {
  /** Epochs to run; unlimited when only a time budget is given; 1 when neither is. */
  epochs?: number;
  /** Wall-clock seconds from the call; training stops at the first step boundary after it. */
  timeBudgetSeconds?: number;
  /** Stop after an epoch whose validation accuracy reaches this fraction. */
  targetScore?: number;
  /** Aborting rejects the call with the signal's reason within one training step. */
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress) => void;
  /** Worker threads; default one per core. */
  workers?: number;
  /** Start from these weights (paramSpecs(arch) order) instead of the seed's initialisation: resumes a run. */
  initialParams?: Float32Array[];
  /** Of the `workers`, how many compute, read between steps (the node lowers it while it verifies a block). */
  threadLimit?: ThreadLimit;
}

export interface EpochRecord {
  epoch: number;
  /** Training samples in this epoch (fewer than the split when the time budget ended it). */
  samples: number;
  /** Mean over the epoch's training batches, measured before each step's update. */
  trainLoss: number;
  trainAccuracy: number;
  validationLoss: number;
  validationAccuracy: number;
  /** Training samples per second in this epoch, validation excluded. */
  samplesPerSecond: number;
  /** Seconds since training started, at the end of this epoch's validation. */
  elapsedSeconds: number;
}

export type TrainProgress =
  | {
      kind: 'step';
      epoch: number;
      /** Samples seen in this epoch, and the epoch's size. */
      samples: number;
      epochSamples: number;
      loss: number;
      accuracy: number;
      samplesPerSecond: number;
      elapsedSeconds: number;
      /** Worker threads that computed this step (fewer than `workers` while the thread limit is lower). */
      threads: number;
    }
  | { kind: 'epoch'; record: EpochRecord };

export type StopReason = 'epochs' | 'time' | 'target';

export interface TrainResult {
  /** One tensor per paramSpecs(arch) entry, in that order and layout. */
  params: Float32Array[];
  history: EpochRecord[];
  stopReason: StopReason;
  /** Training samples processed, over all epochs. */
  samples: number;
  seconds: number;
}

export interface TrainData {
  train: Split;
  validation: Split;
}

export async function train(
  arch: Architecture,
  data: TrainData,
  hyperParams: Partial<HyperParams> = {},
  opts: TrainOptions = {},
): Promise<TrainResult> {
  const startTime = Date.now();
  const hp = resolveHyperParams(hyperParams);
  checkData(arch, data);
  opts.signal?.throwIfAborted();
  const budgetMs = (opts.timeBudgetSeconds ?? 0) * 1000;
  const epochs = opts.epochs ?? (budgetMs > 0 ? Infinity : 1);
  const workers = Math.max(1, Math.min(opts.workers ?? availableParallelism(), hp.batchSize));
  if (opts.initialParams) checkInitialParams(arch, opts.initialParams);
  const initial = opts.initialParams ?? initialParams(arch, hp.seed);
  const flat = new Float32Array(initial.reduce((n, t) => n + t.length, 0));
  initial.reduce((offset, t) => (flat.set(t, offset), offset + t.length), 0);
  const shared = createSharedState(workers, flat.length, data.train, data.validation);
  Atomics.store(shared.control, ACTIVE, activeWorkers(opts.threadLimit?.cell, workers));
  const setups: WorkerSetup[] = Array.from({ length: workers }, (_, index) => ({
    arch,
    hp,
    index,
    workers,
    maxShard: Math.ceil(hp.batchSize / workers),
    params: flat,
    shared,
    ...(opts.threadLimit && { threadLimit: opts.threadLimit.cell }),
  }));

  const stepsPerEpoch = Math.ceil(data.train.count / hp.batchSize);
  const epoch = { number: 0, samples: 0, loss: 0, correct: 0, start: 0 };
  const pool = new WorkerPool(setups, (m) => {
    epoch.samples += m.samples;
    epoch.loss += m.loss;
    epoch.correct += m.correct;
    const seconds = (Date.now() - epoch.start) / 1000;
    opts.onProgress?.({
      kind: 'step',
      epoch: epoch.number,
      samples: epoch.samples,
      epochSamples: data.train.count,
      loss: epoch.loss / epoch.samples,
      accuracy: epoch.correct / epoch.samples,
      samplesPerSecond: epoch.samples / seconds,
      elapsedSeconds: (Date.now() - startTime) / 1000,
      threads: m.threads,
    });
  });
  const abort = () => Atomics.store(shared.control, ABORT, 1);
  opts.signal?.addEventListener('abort', abort);
  try {
    await pool.request('ready');
    const history: EpochRecord[] = [];
    const random = new Random(hp.seed);
    shared.order.set(Uint32Array.from({ length: data.train.count }, (_, i) => i));
    let stopReason: StopReason = 'epochs';
    let samples = 0;
    for (let e = 1; e <= epochs; e++) {
      random.shuffle(shared.order);
      Object.assign(epoch, { number: e, samples: 0, loss: 0, correct: 0, start: Date.now() });
      const [done] = await pool.request('epochDone', {
        type: 'epoch',
        steps: stepsPerEpoch,
        totalSteps: Number.isFinite(epochs) ? epochs * stepsPerEpoch : 0,
        startTime,
        deadline: budgetMs > 0 ? startTime + budgetMs : 0,
        budgetMs,
      });
      opts.signal?.throwIfAborted();
      const trainSeconds = (Date.now() - epoch.start) / 1000;
      samples += epoch.samples;
      const evals = await pool.request('evaluated', { type: 'evaluate' });
      const correct = evals.reduce((n, r) => n + r.correct, 0);
      const record: EpochRecord = {
        epoch: e,
        samples: epoch.samples,
        trainLoss: epoch.loss / Math.max(epoch.samples, 1),
        trainAccuracy: epoch.correct / Math.max(epoch.samples, 1),
        validationLoss: evals.reduce((n, r) => n + r.loss, 0) / Math.max(data.validation.count, 1),
        validationAccuracy: correct / Math.max(data.validation.count, 1),
        samplesPerSecond: epoch.samples / trainSeconds,
        elapsedSeconds: (Date.now() - startTime) / 1000,
      };
      history.push(record);
      opts.onProgress?.({ kind: 'epoch', record });
      if (done.stopped) {
        stopReason = 'time';
        break;
      }
      if (opts.targetScore !== undefined && record.validationAccuracy >= opts.targetScore) {
        stopReason = 'target';
        break;
      }
    }
    const { params } = await pool.first('params', { type: 'params' });
    let offset = 0;
    // Canonical weights (-0 and subnormals to +0) so that the model file this training gives always decodes.
    const tensors = canonicalWeights(initial.map((t) => params.slice(offset, (offset += t.length))));
    return { params: tensors, history, stopReason, samples, seconds: (Date.now() - startTime) / 1000 };
  } finally {
    opts.signal?.removeEventListener('abort', abort);
    await pool.close();
  }
}

function checkInitialParams(arch: Architecture, params: Float32Array[]): void {
  const specs = paramSpecs(arch);
  const sizes = specs.map((s) => s.shape.reduce((a, b) => a * b, 1));
  if (params.length !== specs.length || params.some((t, i) => t.length !== sizes[i]))
    throw new RangeError(`initial parameters do not match the architecture's ${specs.length} tensors`);
}

function checkData(arch: Architecture, data: TrainData): void {
  inferShapes(arch);
  const size = shapeSize(arch.input);
  for (const [name, split] of [
    ['train', data.train],
    ['validation', data.validation],
  ] as const) {
    if (split.x.length !== split.count * size || split.y.length !== split.count) {
      throw new RangeError(
        `${name} split: ${split.x.length} values and ${split.y.length} labels for ${split.count} samples of ${size}`,
      );
    }
    if (split.y.some((label: number) => label >= arch.classes))
      throw new RangeError(`${name} split: a label is not below ${arch.classes}`);
  }
  if (data.train.count === 0) throw new RangeError('the train split is empty');
}
