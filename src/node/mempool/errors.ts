// Why the mempool refused a transaction.
import type { TxErrorCode } from '../../chain/errors.js';

export type MempoolErrorCode = TxErrorCode | 'duplicate' | 'replacement-underpriced' | 'sender-limit' | 'pool-full';

export class MempoolError extends Error {
  override name = 'MempoolError';
  constructor(
    readonly code: MempoolErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}
