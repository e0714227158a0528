// The state transition of a block body: the block's model digest must be new to the chain (duplicate-model), then
// every transaction in order, then the reward and the fees (less what account creations burn) to the miner, and
// the digest joins the state. Works on an overlay of changed accounts, so a failure leaves the input state
// untouched; the undo record holds the prior value of every record the block changed.
import { toHex } from '../codec/hex.js';
import { addressFromPublicKey, type Address } from '../crypto/address.js';
import { accountRecord, type Account } from './account.js';
import { BlockError } from './errors.js';
import { modelRecord } from './models.js';
import { MAX_AMOUNT, type ChainParams } from './params.js';
import { blockReward } from './reward.js';
import { addressKey, type State } from './state.js';
import type { Transaction } from './transaction.js';
import { accountTxRejection, burntFee, creationTxRejection, statelessTxRejection, txCost } from './tx-rules.js';
import { sortUndo, type Undo } from './undo.js';

export interface Execution {
  readonly state: State;
  readonly undo: Undo;
}

class Overlay {
  readonly changes = new Map<string, readonly [Address, Account]>();

  constructor(private readonly base: State) {}

  get(address: Address): Account {
    return this.changes.get(addressKey(address))?.[1] ?? this.base.account(address);
  }

  set(address: Address, account: Account): void {
    this.changes.set(addressKey(address), [address, account]);
  }

  credit(address: Address, amount: bigint, txIndex?: number): void {
    const acc = this.get(address);
    const balance = acc.balance + amount;
    if (balance > MAX_AMOUNT) throw new BlockError('balance-overflow', 'balance would exceed 2^128-1', txIndex);
    this.set(address, { ...acc, balance });
  }

  /** The new state and the undo record: every changed account and the model digest, with their prior values. */
  finish(model: Uint8Array | undefined): Execution {
    const changes = [...this.changes.values()].map(([address, acc]) => accountRecord(address, acc));
    if (model) changes.push(modelRecord(model));
    const prior = changes.map((c) => ({ ...c, value: this.base.record(c.ns, c.key) }));
    return { state: this.base.update(changes), undo: sortUndo({ prior }) };
  }
}

export function executeBlock(
  params: ChainParams,
  state: State,
  height: number,
  miner: Address,
  txs: readonly Transaction[],
  /**
   * paramsDigest of the block's model (src/consensus/params-digest.ts). Every block after genesis carries one;
   * only ledger-level tools and tests, which have no model, leave it out.
   */
  modelDigest?: Uint8Array,
): Execution {
  if (modelDigest && state.hasModel(modelDigest)) {
    throw new BlockError(
      'duplicate-model',
      `the weights ${toHex(modelDigest)} are already those of a block of this chain`,
    );
  }
  const overlay = new Overlay(state);
  let fees = 0n;
  txs.forEach((tx, i) => {
    const sender = addressFromPublicKey(tx.sender);
    const senderAccount = overlay.get(sender);
    const rejection = statelessTxRejection(params, tx) ?? accountTxRejection(senderAccount, tx);
    if (rejection) throw new BlockError(rejection.code, rejection.detail, i);
    overlay.set(sender, { balance: senderAccount.balance - txCost(tx), nonce: senderAccount.nonce + 1 });
    const recipient = overlay.get(tx.recipient);
    const unpaid = creationTxRejection(params, recipient, tx);
    if (unpaid) throw new BlockError(unpaid.code, unpaid.detail, i);
    fees += tx.fee - burntFee(params, recipient, tx);
    overlay.credit(tx.recipient, tx.amount, i);
  });
  overlay.credit(miner, blockReward(params, height) + fees);
  return overlay.finish(modelDigest);
}
