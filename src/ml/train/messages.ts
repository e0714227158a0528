// The messages between the trainer (main thread) and its workers.
import type { Architecture } from '../../arch/ir.js';
import type { HyperParams } from './hyper-params.js';
import type { SharedState } from './shared.js';

export interface WorkerSetup {
  arch: Architecture;
  hp: HyperParams;
  index: number;
  workers: number;
  /** Samples per worker per step, at most. */
  maxShard: number;
  params: Float32Array;
  shared: SharedState;
  /** ThreadLimit's cell, read at every step's barrier (absent: every worker computes every step). */
  threadLimit?: Int32Array;
}

export type ToWorker =
  | {
      type: 'epoch';
      /** Steps (batches) in this epoch; the last may be partial. */
      steps: number;
      /** Steps in the whole run if known (epochs given), else 0. */
      totalSteps: number;
      startTime: number;
      /** Date.now() after which training stops, or 0 for none. */
      deadline: number;
      budgetMs: number;
    }
  | { type: 'evaluate' }
  | { type: 'params' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'step'; samples: number; loss: number; correct: number; threads: number }
  | { type: 'epochDone'; steps: number; stopped: boolean }
  | { type: 'evaluated'; correct: number; total: number; loss: number }
  | { type: 'params'; params: Float32Array };
