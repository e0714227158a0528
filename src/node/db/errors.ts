// Storage failures a caller can act on: a missing or foreign database, or one whose contents disagree.
export type StoreErrorCode = 'not-initialised' | 'already-initialised' | 'genesis-mismatch' | 'corrupt' | 'not-found';

export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}
