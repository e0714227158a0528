// A pooled transaction with what the pool ranks it by, computed once on admission.
import { toHex } from '../../codec/hex.js';
import { addressFromPublicKey, type Address } from '../../crypto/address.js';
import { encodeTransaction, type Transaction } from '../../chain/transaction.js';
import { addressKey } from '../../chain/state.js';
import { txHash } from '../../chain/tx-signing.js';

export interface PoolEntry {
  readonly tx: Transaction;
  readonly hash: string;
  readonly sender: Address;
  readonly senderKey: string;
  /** Encoded size in bytes; the fee rate is fee / size. */
  readonly size: number;
}

export function poolEntry(tx: Transaction): PoolEntry {
  const sender = addressFromPublicKey(tx.sender);
  return { tx, hash: toHex(txHash(tx)), sender, senderKey: addressKey(sender), size: encodeTransaction(tx).length };
}

/** a pays a strictly higher fee per byte than b (compared exactly, as fee_a * size_b > fee_b * size_a). */
export function higherFeeRate(a: PoolEntry, b: PoolEntry): boolean {
  return a.tx.fee * BigInt(b.size) > b.tx.fee * BigInt(a.size);
}
