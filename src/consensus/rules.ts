// Everything block validity depends on besides the block itself: the chain parameters, the problem and its
// validation data, and the active grammar. Which problem and grammar are active is chain state (the governance
// record, src/chain/governance/active.ts); the node loads the problems and grammars it knows
// (src/node/chain/load-rules.ts) and `rulesFor` picks those the parent state names. The rules are pure.
import { bytesEqual, toHex } from '../codec/hex.js';
import type { ChainParams } from '../chain/params.js';
import { activeRules, UnknownRulesError } from '../chain/governance/active.js';
import type { RecordReader } from '../chain/namespace.js';
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

export { UnknownRulesError };

/** The loaded rules of the problem and grammar active in `state` (the parent's, for a block). */
export function rulesFor(known: readonly ConsensusRules[], state: RecordReader): ConsensusRules {
  const active = activeRules(state);
  const rules = known.find(
    (r) => bytesEqual(r.problemId, active.problemId) && bytesEqual(r.grammarId, active.grammarId),
  );
  if (!rules) {
    throw new UnknownRulesError(
      'unknown-rules',
      `the state's problem ${toHex(active.problemId)} with grammar ${toHex(active.grammarId)} is not loaded`,
    );
  }
  return rules;
}
