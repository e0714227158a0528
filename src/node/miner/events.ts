// What the miner reports as it works; the CLI prints these.
import type { Score } from '../../consensus/score.js';

// A candidate is named by its work's id (works.ts): its nonce, or on a nonce-free chain its index among the works.
export type MinerEvent =
  /** Works whose architecture the cost model rejected before one fitted (or whose transactions failed), by reason. */
  | { readonly kind: 'skipped'; readonly height: number; readonly reasons: Readonly<Record<string, number>> }
  | {
      readonly kind: 'candidate';
      readonly height: number;
      readonly nonce: bigint;
      readonly phenotype: string;
      readonly params: number;
    }
  /** The search policy: a candidate's validation accuracy after a rung (rung 0 is the probe). */
  | {
      readonly kind: 'probed';
      readonly height: number;
      readonly rung: number;
      readonly nonce: bigint;
      readonly phenotype: string;
      readonly params: number;
      readonly validationAccuracy: number;
      /** What the learning curve so far predicts at the end of the budget (an optimistic bound). */
      readonly predictedAccuracy: number;
      /** The candidate's training seconds so far. */
      readonly seconds: number;
    }
  /** The candidates a rung keeps for the next, best first. */
  | { readonly kind: 'kept'; readonly height: number; readonly rung: number; readonly nonces: readonly bigint[] }
  /** The search's finalist trains this long: until its learning curve meets the falling threshold. */
  | { readonly kind: 'planned'; readonly height: number; readonly nonce: bigint; readonly seconds: number }
  | {
      readonly kind: 'dropped';
      readonly height: number;
      readonly rung: number;
      readonly nonce: bigint;
      /** halving: not among the best 1/eta; out-of-reach: its curve cannot reach the floor in the budget. */
      readonly reason: 'halving' | 'out-of-reach';
    }
  | {
      readonly kind: 'epoch';
      readonly epoch: number;
      readonly loss: number;
      /** float32 accuracy from training, for display; blocks carry the exact evaluator's score. */
      readonly validationAccuracy: number;
      readonly thresholdBp: number;
      readonly seconds: number;
    }
  | {
      readonly kind: 'abandoned';
      /** no-fitting-work: none of the works (on a nonce-free chain, they are few) fits the budget: the miner waits
       * for new transactions or a new head. */
      readonly reason: 'stalled' | 'below-floor' | 'new-head' | 'threshold-out-of-reach' | 'no-fitting-work';
      readonly score?: Score;
    }
  | { readonly kind: 'waiting'; readonly until: number; readonly score: Score; readonly thresholdBp: number }
  | { readonly kind: 'mined'; readonly block: MinedBlock };

export interface MinedBlock {
  readonly height: number;
  readonly hash: string;
  readonly phenotype: string;
  readonly params: number;
  readonly score: Score;
  /** The trainer's own (float32) validation accuracy of the model, which the exact score may differ from slightly. */
  readonly trainerAccuracy: number;
  readonly thresholdBp: number;
  /** Seconds: training of the winning candidate, then the node's verification before it took the block. */
  readonly trainSeconds: number;
  readonly verifySeconds: number;
  /** Candidates trained for this block (abandoned ones included), and the wall time since mining on its parent began. */
  readonly candidates: number;
  readonly elapsedSeconds: number;
}
