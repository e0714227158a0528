// Trains one candidate against the falling threshold: training stops at the first epoch whose validation
// accuracy reaches the threshold of that moment (the trainer reads targetScore after every epoch), at the time
// budget, when its best epoch is still under the threshold's floor after `stallSeconds` (a network stuck near
// chance could never be accepted), or at once when `signal` aborts (a new head made the candidate obsolete).
import { CodedError } from '../../base/coded-error.js';
import type { Dataset } from '../../ml/data/dataset.js';
import { train, type TrainResult } from '../../ml/train/trainer.js';
import { BASIS_POINTS } from '../../consensus/score.js';
import type { Candidate } from './pick-candidate.js';
import { minerHyperParams } from './hyper-params.js';
import type { MinerOptions } from './options.js';

export type TrainOutcome =
  | { readonly kind: 'trained'; readonly result: TrainResult }
  | { readonly kind: 'stalled' }
  | { readonly kind: 'new-head' };

class Stalled extends CodedError<'stalled'> {
  constructor() {
    super('stalled');
  }
}

export async function trainCandidate(
  candidate: Candidate,
  data: Dataset,
  opts: MinerOptions,
  thresholdNow: () => number,
  floorBp: number,
  signal: AbortSignal,
): Promise<TrainOutcome> {
  const stall = new AbortController();
  const hp = minerHyperParams(candidate.cost.params, candidate.nonce, opts.hyperParams);
  let best = 0;
  try {
    const result = await train(candidate.arch, data, hp, {
      timeBudgetSeconds: opts.timeBudgetSeconds,
      workers: opts.workers,
      signal: AbortSignal.any([signal, stall.signal]),
      get targetScore() {
        return thresholdNow() / BASIS_POINTS;
      },
      onProgress: (p) => {
        if (p.kind !== 'epoch') return;
        const r = p.record;
        opts.log({
          kind: 'epoch',
          epoch: r.epoch,
          loss: r.trainLoss,
          validationAccuracy: r.validationAccuracy,
          thresholdBp: thresholdNow(),
          seconds: r.elapsedSeconds,
        });
        best = Math.max(best, r.validationAccuracy);
        if (r.elapsedSeconds >= opts.stallSeconds && best * BASIS_POINTS < floorBp) stall.abort(new Stalled());
      },
    });
    return { kind: 'trained', result };
  } catch (err) {
    if (signal.aborted) return { kind: 'new-head' };
    if (stall.signal.aborted) return { kind: 'stalled' };
    throw err;
  }
}
