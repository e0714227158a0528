// Trains one candidate against the falling threshold: training stops at the first epoch whose validation
// accuracy reaches the threshold of that moment (the trainer reads targetScore after every epoch), at the time
// budget, when its best epoch is still under the threshold's floor after `stallSeconds` (a network
// stuck near chance could never be accepted), or at once when `signal` aborts (a new head made it obsolete).
import { CodedError } from '../../base/coded-error.js';
import { BASIS_POINTS } from '../../consensus/score.js';
import type { HyperParams } from '../../ml/train/hyper-params.js';
import type { CandidateTrainer, TrainedWeights } from './candidate-trainer.js';
import type { Candidate } from './pick-candidate.js';
import type { MinerOptions } from './options.js';

export type TrainOutcome =
  | { readonly kind: 'trained'; readonly result: TrainedWeights }
  | { readonly kind: 'stalled' }
  | { readonly kind: 'new-head' };

class Stalled extends CodedError<'stalled'> {
  constructor() {
    super('stalled');
  }
}

export interface TrainRun {
  readonly hyperParams: HyperParams;
  readonly timeBudgetSeconds: number;
  /** Weights to resume from. */
  readonly initialParams?: Float32Array[];
}

export async function trainCandidate(
  trainer: CandidateTrainer,
  candidate: Candidate,
  run: TrainRun,
  opts: Pick<MinerOptions, 'stallSeconds' | 'log'>,
  thresholdNow: () => number,
  floorBp: number,
  signal: AbortSignal,
): Promise<TrainOutcome> {
  const stall = new AbortController();
  let best = 0;
  try {
    const result = await trainer.train({
      arch: candidate.arch,
      hyperParams: run.hyperParams,
      timeBudgetSeconds: run.timeBudgetSeconds,
      initialParams: run.initialParams,
      targetScore: () => thresholdNow() / BASIS_POINTS,
      signal: AbortSignal.any([signal, stall.signal]),
      onEpoch: (r) => {
        opts.log({ kind: 'epoch', ...r, thresholdBp: thresholdNow() });
        best = Math.max(best, r.validationAccuracy);
        if (r.seconds >= opts.stallSeconds && best * BASIS_POINTS < floorBp) stall.abort(new Stalled());
      },
    });
    return { kind: 'trained', result };
  } catch (err) {
    if (signal.aborted) return { kind: 'new-head' };
    if (stall.signal.aborted) return { kind: 'stalled' };
    throw err;
  }
}
