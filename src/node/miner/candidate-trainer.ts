// What trains a candidate for the miner: the built-in trainer (worker threads in this process) or an external
// process (external-trainer.ts). Both take a time budget, an accuracy at which to stop early, optional weights to
// resume from (the search's later rungs), and an abort signal; both return weights in paramSpecs order.
import type { Architecture } from '../../arch/ir.js';
import type { Dataset } from '../../ml/data/dataset.js';
import type { HyperParams } from '../../ml/train/hyper-params.js';
import type { ThreadLimit } from '../../ml/train/thread-limit.js';
import { train, type StopReason } from '../../ml/train/trainer.js';

export interface TrainJob {
  readonly arch: Architecture;
  readonly hyperParams: HyperParams;
  readonly timeBudgetSeconds: number;
  /** The validation accuracy (a fraction) at which training may stop: the threshold of the moment. */
  readonly targetScore: () => number;
  readonly initialParams?: Float32Array[];
  readonly signal: AbortSignal;
  readonly onEpoch: (e: EpochReport) => void;
}

export interface EpochReport {
  readonly epoch: number;
  readonly loss: number;
  /** The trainer's own (float32) validation accuracy; blocks carry the exact evaluator's score. */
  readonly validationAccuracy: number;
  /** Seconds since this job started. */
  readonly seconds: number;
}

export interface TrainedWeights {
  readonly params: Float32Array[];
  /** The trainer's validation accuracy after its last epoch (NaN when it ran none). */
  readonly validationAccuracy: number;
  readonly stopReason: StopReason;
  readonly seconds: number;
}

export interface CandidateTrainer {
  /** Rejects with the signal's reason when `job.signal` aborts. */
  train(job: TrainJob): Promise<TrainedWeights>;
}

/** `workers` threads per run, of which `threadLimit` (when given) says how many compute at each step. */
export function builtInTrainer(data: Dataset, workers: number, threadLimit?: ThreadLimit): CandidateTrainer {
  return {
    async train(job) {
      const result = await train(job.arch, data, job.hyperParams, {
        timeBudgetSeconds: job.timeBudgetSeconds,
        workers,
        ...(threadLimit && { threadLimit }),
        signal: job.signal,
        initialParams: job.initialParams,
        get targetScore() {
          return job.targetScore();
        },
        onProgress: (p) => {
          if (p.kind !== 'epoch') return;
          const r = p.record;
          job.onEpoch({
            epoch: r.epoch,
            loss: r.trainLoss,
            validationAccuracy: r.validationAccuracy,
            seconds: r.elapsedSeconds,
          });
        },
      });
      const last = result.history.at(-1);
      return {
        params: result.params,
        validationAccuracy: last ? last.validationAccuracy : NaN,
        stopReason: result.stopReason,
        seconds: result.seconds,
      };
    },
  };
}
