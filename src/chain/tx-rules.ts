// Transaction validity against the chain parameters and the sender's account. Shared by block execution and
// mempool admission so that both apply exactly the same rules.
import type { Account } from './account.js';
import type { TxErrorCode } from './errors.js';
import { MAX_UINT, type ChainParams } from './params.js';
import type { Transaction } from './transaction.js';
import { verifyTransactionSignature } from './tx-signing.js';

export interface TxRejection {
  readonly code: TxErrorCode;
  readonly detail: string;
}

/** Checks that do not depend on state: the chain id and the signature. */
export function statelessTxRejection(params: ChainParams, tx: Transaction): TxRejection | undefined {
  if (tx.chainId !== params.chainId) {
    return { code: 'wrong-chain-id', detail: `chain id ${tx.chainId}, this chain is ${params.chainId}` };
  }
  if (!verifyTransactionSignature(tx)) return { code: 'bad-signature', detail: 'signature does not verify' };
  return undefined;
}

/** The cost to the sender: amount plus fee. */
export function txCost(tx: Transaction): bigint {
  return tx.amount + tx.fee;
}

/** Checks against the sender's account when the transaction executes: the exact nonce and the balance. */
export function accountTxRejection(sender: Account, tx: Transaction): TxRejection | undefined {
  if (tx.nonce !== sender.nonce || tx.nonce >= MAX_UINT) {
    return { code: 'bad-nonce', detail: `nonce ${tx.nonce}, account expects ${sender.nonce}` };
  }
  if (sender.balance < txCost(tx)) {
    return { code: 'insufficient-balance', detail: `needs ${txCost(tx)}, balance ${sender.balance}` };
  }
  return undefined;
}
