// The range of parameter counts a grammar's architectures take on one input shape, over a fixed sample of hashes.
import { deriveTerminals } from '../grammar/derive.js';
import type { Grammar } from '../grammar/types.js';
import { sha3_512 } from '../crypto/hash.js';
import { paramCount, type Shape } from './ir.js';
import { phenotypeToArchitecture } from './semantics.js';

export interface ParamRange {
  min: number;
  max: number;
  /** How the range was found: the hashes SHA3-512(i as 4 bytes big-endian) for i < samples. */
  samples: number;
}

export function sampleParamRange(grammar: Grammar, input: Shape, classes: number, samples: number): ParamRange {
  let min = Infinity;
  let max = 0;
  const index = new Uint8Array(4);
  for (let i = 0; i < samples; i++) {
    new DataView(index.buffer).setUint32(0, i);
    const terminals = deriveTerminals(grammar, sha3_512(index));
    const params = paramCount(phenotypeToArchitecture(terminals, input, classes));
    min = Math.min(min, params);
    max = Math.max(max, params);
  }
  return { min, max, samples };
}
