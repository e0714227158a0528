import { decodeTransaction, encodeTransaction, type Transaction } from '../../../src/chain/transaction.js';
import { DecodeError } from '../../../src/codec/errors.js';
import type { Target } from '../harness.js';
import { seedTransactionBytes, seedTransactions } from './chain-seeds.js';

export const transactionTarget: Target<Transaction> = {
  name: 'transaction',
  about: 'decodeTransaction (src/chain/transaction.ts): gossip, pooled-transactions responses, block bodies',
  seeds: () => [...seedTransactionBytes(), ...seedTransactions().map(encodeTransaction)],
  decode: decodeTransaction,
  isRejection: (err) => err instanceof DecodeError,
  encode: encodeTransaction,
  maxInputBytes: 4096,
};
