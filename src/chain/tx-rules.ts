// Transaction validity against the chain parameters and the sender's account. Shared by block execution and
// mempool admission so that both apply exactly the same rules.
import { isEmptyAccount, type Account } from './account.js';
import type { TxErrorCode } from './errors.js';
import { MAX_UINT, type ChainParams } from './params.js';
import type { Transaction } from './transaction.js';
import { verifyTransactionSignature } from './tx-signing.js';

export interface TxRejection {
  readonly code: TxErrorCode;
  readonly detail: string;
}

/** Checks that do not depend on state: the chain id, the minimum fee and (last, the dear one) the signature. */
export function statelessTxRejection(params: ChainParams, tx: Transaction): TxRejection | undefined {
  if (tx.chainId !== params.chainId) {
    return { code: 'wrong-chain-id', detail: `chain id ${tx.chainId}, this chain is ${params.chainId}` };
  }
  if (tx.fee < params.minFee) {
    return { code: 'fee-below-minimum', detail: `fee ${tx.fee}, the minimum is ${params.minFee}` };
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

/** True when crediting `tx` to `recipient` (its account once the sender is debited) creates that account. */
export function createsAccount(recipient: Account, tx: Pick<Transaction, 'amount'>): boolean {
  return isEmptyAccount(recipient) && tx.amount > 0n;
}

/** The part of the fee burnt: accountCreationFee for a transfer that creates its recipient's account, else 0. */
export function burntFee(params: ChainParams, recipient: Account, tx: Transaction): bigint {
  return createsAccount(recipient, tx) ? params.accountCreationFee : 0n;
}

/** The least fee of a transfer of `amount` to `recipient`: minFee, plus accountCreationFee if it creates it. */
export function leastFee(
  params: Pick<ChainParams, 'minFee' | 'accountCreationFee'>,
  recipient: Account,
  amount: bigint,
) {
  return params.minFee + (createsAccount(recipient, { amount }) ? params.accountCreationFee : 0n);
}

/** A transfer creating an account must pay minFee + accountCreationFee. */
export function creationTxRejection(params: ChainParams, recipient: Account, tx: Transaction): TxRejection | undefined {
  if (!createsAccount(recipient, tx)) return undefined;
  const due = params.minFee + params.accountCreationFee;
  if (tx.fee >= due) return undefined;
  return {
    code: 'account-creation-unpaid',
    detail: `the transfer creates the recipient's account: fee ${tx.fee}, due ${due} (minFee + accountCreationFee)`,
  };
}
