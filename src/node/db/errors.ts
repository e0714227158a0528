// Storage failures a caller can act on: a missing or foreign database, or one whose contents disagree.
import { CodedError } from '../../base/coded-error.js';

export type StoreErrorCode = 'not-initialised' | 'already-initialised' | 'genesis-mismatch' | 'corrupt' | 'not-found';

export class StoreError extends CodedError<StoreErrorCode> {}
