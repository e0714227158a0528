// The state transition of a block body: every transaction in order, then the reward and all fees to the miner.
// Works on an overlay of changed accounts, so a failure leaves the input state untouched.
import { addressFromPublicKey, type Address } from '../crypto/address.js';
import type { Account } from './account.js';
import { BlockError } from './errors.js';
import { MAX_AMOUNT, type ChainParams } from './params.js';
import { blockReward } from './reward.js';
import { addressKey, type State } from './state.js';
import type { Transaction } from './transaction.js';
import { accountTxRejection, statelessTxRejection, txCost } from './tx-rules.js';
import type { Undo } from './undo.js';

export interface Execution {
  readonly state: State;
  readonly undo: Undo;
}

class Overlay {
  readonly changes = new Map<string, Account>();
  readonly prior = new Map<string, readonly [Address, Account]>();

  constructor(private readonly base: State) {}

  get(address: Address): Account {
    return this.changes.get(addressKey(address)) ?? this.base.account(address);
  }

  set(address: Address, account: Account): void {
    const key = addressKey(address);
    if (!this.prior.has(key)) this.prior.set(key, [address, this.base.account(address)]);
    this.changes.set(key, account);
  }

  credit(address: Address, amount: bigint, txIndex?: number): void {
    const acc = this.get(address);
    const balance = acc.balance + amount;
    if (balance > MAX_AMOUNT) throw new BlockError('balance-overflow', 'balance would exceed 2^128-1', txIndex);
    this.set(address, { ...acc, balance });
  }

  undo(): Undo {
    return { prior: [...this.prior.keys()].sort().map((k) => this.prior.get(k)!) };
  }
}

export function executeBlock(
  params: ChainParams,
  state: State,
  height: number,
  miner: Address,
  txs: readonly Transaction[],
): Execution {
  const overlay = new Overlay(state);
  let fees = 0n;
  txs.forEach((tx, i) => {
    const sender = addressFromPublicKey(tx.sender);
    const senderAccount = overlay.get(sender);
    const rejection = statelessTxRejection(params, tx) ?? accountTxRejection(senderAccount, tx);
    if (rejection) throw new BlockError(rejection.code, rejection.detail, i);
    overlay.set(sender, { balance: senderAccount.balance - txCost(tx), nonce: senderAccount.nonce + 1 });
    overlay.credit(tx.recipient, tx.amount, i);
    fees += tx.fee;
  });
  overlay.credit(miner, blockReward(params, height) + fees);
  return { state: state.update(overlay.changes), undo: overlay.undo() };
}
