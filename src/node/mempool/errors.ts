// Why the mempool refused a transaction.
import { CodedError } from '../../base/coded-error.js';
import type { TxErrorCode } from '../../chain/errors.js';

export type MempoolErrorCode = TxErrorCode | 'duplicate' | 'replacement-underpriced' | 'sender-limit' | 'pool-full';

export class MempoolError extends CodedError<MempoolErrorCode> {}
