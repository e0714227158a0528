// The architecture a block must train: H -> phenotype (active grammar) -> architecture for the problem's shape.
// The work hash's form (with or without the nonce) is the chain's, from the parameters of the rules the block is
// judged by (its parent's).
import type { Architecture } from '../arch/ir.js';
import { phenotypeToArchitecture } from '../arch/semantics.js';
import { headerWorkHash, type WorkFields } from '../chain/work-hash.js';
import { deriveTerminals } from '../grammar/derive.js';
import type { ConsensusRules } from './rules.js';

export interface DerivedArchitecture {
  readonly workHash: Uint8Array;
  readonly phenotype: string;
  readonly arch: Architecture;
}

export function deriveArchitecture(rules: ConsensusRules, work: WorkFields): DerivedArchitecture {
  const h = headerWorkHash(rules.params, work);
  const terminals = deriveTerminals(rules.grammar, h);
  const { input, classes } = rules.problem;
  return { workHash: h, phenotype: terminals.join(' '), arch: phenotypeToArchitecture(terminals, input, classes) };
}
