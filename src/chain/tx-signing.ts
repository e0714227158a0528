// Transaction hash and signature. The signed message is domain-separated from every other signed object:
//   message = utf8("coinai-tx-v1") ‖ encoding of the transaction without its signature
// The transaction hash is SHA3-256 of the full encoding, signature included.
import { Writer } from '../codec/writer.js';
import { sha3_256 } from '../crypto/hash.js';
import { publicKeyFromSeed, signMessage, verifySignature } from '../crypto/keys.js';
import {
  encodeTransaction,
  writeUnsignedTransaction,
  type Transaction,
  type UnsignedTransaction,
} from './transaction.js';
import { bytesEqual } from '../codec/hex.js';

const TX_DOMAIN = new TextEncoder().encode('coinai-tx-v1');

export function txSigningMessage(tx: UnsignedTransaction): Uint8Array {
  const w = new Writer().fixed('domain', TX_DOMAIN, TX_DOMAIN.length);
  writeUnsignedTransaction(w, tx);
  return w.finish();
}

export function signTransaction(tx: UnsignedTransaction, seed: Uint8Array): Transaction {
  const publicKey = publicKeyFromSeed(seed);
  if (!bytesEqual(publicKey, tx.sender)) throw new RangeError('the signing key is not the sender of the transaction');
  return { ...tx, signature: signMessage(seed, txSigningMessage(tx)) };
}

export function verifyTransactionSignature(tx: Transaction): boolean {
  return verifySignature(tx.sender, txSigningMessage(tx), tx.signature);
}

export function txHash(tx: Transaction): Uint8Array {
  return sha3_256(encodeTransaction(tx));
}
