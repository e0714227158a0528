// Everything block validity depends on besides the block itself: the chain parameters, the problem and its
// validation data, and the active grammar. The node loads these (src/node/chain/load-rules.ts); the rules are pure.
import type { ChainParams } from '../chain/params.js';
import type { Grammar } from '../grammar/types.js';
import type { Split } from '../ml/data/split.js';
import type { Problem } from './problem.js';

export interface ConsensusRules {
  readonly params: ChainParams;
  readonly problem: Problem;
  readonly problemId: Uint8Array;
  readonly grammar: Grammar;
  readonly grammarId: Uint8Array;
  /** The problem's validation split; its validationDigest equals problem.validationDigest. */
  readonly validation: Split;
}
