// What a transfer that creates its recipient's account pays: minFee + accountCreationFee, the creation part burnt
// rather than paid to the miner, so that a miner cannot create accounts for free.
import { isEmptyAccount, type Account } from '../../account.js';
import type { ChainParams } from '../../params.js';
import type { Transaction } from '../../transaction.js';
import type { TxRejection } from '../kind.js';

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
