// Storage failures a caller can act on: a missing, foreign or outdated database, or one whose contents disagree.
import { CodedError } from '../../base/coded-error.js';

export type StoreErrorCode =
  'not-initialised' | 'already-initialised' | 'genesis-mismatch' | 'unsupported-format' | 'corrupt' | 'not-found';

export class StoreError extends CodedError<StoreErrorCode> {}
