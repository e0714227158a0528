// The architecture a block must train: H -> phenotype (active grammar) -> architecture for the problem's shape.
import type { Architecture } from '../arch/ir.js';
import { phenotypeToArchitecture } from '../arch/semantics.js';
import type { BlockHeader } from '../chain/header.js';
import { deriveTerminals } from '../grammar/derive.js';
import type { ConsensusRules } from './rules.js';
import { workHash } from './work-hash.js';

export interface DerivedArchitecture {
  readonly workHash: Uint8Array;
  readonly phenotype: string;
  readonly arch: Architecture;
}

type WorkFields = Pick<BlockHeader, 'parentHash' | 'txRoot' | 'miner' | 'nonce'>;

export function deriveArchitecture(rules: ConsensusRules, work: WorkFields): DerivedArchitecture {
  const h = workHash(work.parentHash, work.txRoot, work.miner, work.nonce);
  const terminals = deriveTerminals(rules.grammar, h);
  const { input, classes } = rules.problem;
  return { workHash: h, phenotype: terminals.join(' '), arch: phenotypeToArchitecture(terminals, input, classes) };
}
