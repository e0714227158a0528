// Transaction validity against the chain parameters, the sender's account and the state. Shared by block execution
// and mempool admission so that both apply exactly the same rules.
import { addressFromPublicKey } from '../crypto/address.js';
import type { Account } from './account.js';
import type { RecordReader } from './namespace.js';
import { MAX_UINT, type ChainParams } from './params.js';
import type { Transaction } from './transaction.js';
import type { ApplyContext, KindRules, TxRejection } from './tx/kind.js';
import { keeperExitRules } from './tx/keeper-exit/apply.js';
import { keeperRegisterRules } from './tx/keeper-register/apply.js';
import { proposeGrammarRules } from './tx/propose-grammar/apply.js';
import { proposeProblemRules } from './tx/propose-problem/apply.js';
import { storageProofRules } from './tx/storage-proof/apply.js';
import { supportRules } from './tx/support/apply.js';
import { withdrawRules } from './tx/withdraw/apply.js';
import { transferRules } from './tx/transfer/apply.js';
import { lockedBy, payloadRejection, type TxKindName, type TxPayload } from './tx-payload.js';
import { verifyTransactionSignature } from './tx-signing.js';

export type { TxRejection } from './tx/kind.js';
export { burntFee, createsAccount, creationTxRejection, leastFee } from './tx/transfer/fees.js';

/** Checks that do not depend on state: the chain id, the minimum fee, the kind's own and (last, the dear one) the
 * signature. */
export function statelessTxRejection(params: ChainParams, tx: Transaction): TxRejection | undefined {
  if (tx.chainId !== params.chainId) {
    return { code: 'wrong-chain-id', detail: `chain id ${tx.chainId}, this chain is ${params.chainId}` };
  }
  if (tx.fee < params.minFee) {
    return { code: 'fee-below-minimum', detail: `fee ${tx.fee}, the minimum is ${params.minFee}` };
  }
  const payload = payloadRejection(params, tx);
  if (payload) return payload;
  if (!verifyTransactionSignature(tx)) return { code: 'bad-signature', detail: 'signature does not verify' };
  return undefined;
}

/** The cost to the sender: amount, fee and what the kind locks (a keeper's bond). */
export function txCost(tx: Transaction): bigint {
  return tx.amount + tx.fee + lockedBy(tx.payload);
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

const RULES: { readonly [K in TxKindName]: KindRules<Extract<TxPayload, { kind: K }>> } = {
  transfer: transferRules,
  'keeper-register': keeperRegisterRules,
  'keeper-exit': keeperExitRules,
  'storage-proof': storageProofRules,
  'propose-problem': proposeProblemRules,
  'propose-grammar': proposeGrammarRules,
  support: supportRules,
  withdraw: withdrawRules,
};

function rulesOf(p: TxPayload): KindRules<TxPayload> {
  return RULES[p.kind] as KindRules<TxPayload>;
}

/**
 * The kind's rules against `state` for a transaction going into the block at `height`: the one entry point of block
 * execution (on the block's ledger, after the sender paid) and the mempool (on the head state, with the next height).
 */
export function stateTxRejection(
  params: ChainParams,
  state: RecordReader,
  tx: Transaction,
  height: number,
): TxRejection | undefined {
  const sender = addressFromPublicKey(tx.sender);
  return rulesOf(tx.payload).reject({ params, state, height, sender }, tx, tx.payload);
}

/** The kind's effect on the block's ledger; returns the part of the fee burnt. */
export function applyTx(ctx: ApplyContext, tx: Transaction): bigint {
  return rulesOf(tx.payload).apply(ctx, tx, tx.payload);
}
