// A trained model as stored in blocks: the architecture, where it came from, and its weights.
import { CodedError } from '../../base/coded-error.js';
import type { Architecture } from '../../arch/ir.js';

export interface Model {
  /** The grammar the phenotype was derived with; all zero for a hand-written architecture. */
  grammarId: Uint8Array;
  /** The derived phenotype string; empty for a hand-written architecture. */
  phenotype: string;
  arch: Architecture;
  /** One array per paramSpecs(arch) entry, in that order, each row-major in its spec's shape. */
  params: Float32Array[];
}

export const GRAMMAR_ID_BYTES = 32;

/** A model file that cannot be used; loaders prefix the file name. */
export class ModelFileError extends CodedError<'invalid-model-file'> {
  constructor(message: string) {
    super('invalid-model-file', message, message);
  }
}
