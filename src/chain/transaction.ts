// A signed transaction and its canonical encoding:
//   chainId varint(u32) ‖ sender 32 ‖ nonce varint ‖ recipient 20 ‖ amount varint(u128) ‖ fee varint(u128)
//   ‖ kind varint ‖ payload ‖ signature 64
// The signature comes last so that the signed message is the encoding without it (see tx-signing.ts).
import { DecodeError } from '../codec/errors.js';
import { Reader } from '../codec/reader.js';
import { Writer } from '../codec/writer.js';
import { ADDRESS_LENGTH, type Address } from '../crypto/address.js';
import { PUBLIC_KEY_LENGTH, SIGNATURE_LENGTH } from '../crypto/keys.js';
import { AMOUNT_BITS, MAX_CHAIN_ID, MAX_UINT } from './params.js';
import { MAX_TX_PAYLOAD_BYTES, readTxPayload, varintBytes, writeTxPayload, type TxPayload } from './tx-payload.js';

export interface Transaction {
  readonly chainId: number;
  /** ed25519 public key of the sender; the sending account is its address. */
  readonly sender: Uint8Array;
  /** Equals the sender account's nonce when the transaction executes; the account nonce then increments. */
  readonly nonce: number;
  readonly recipient: Address;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly payload: TxPayload;
  readonly signature: Uint8Array;
}

/** An upper bound on any transaction's encoding (2525 bytes, a storage proof): every field at its largest. Whoever takes transactions
 * from outside (the API, gossip) can refuse anything longer unread. */
export const MAX_TRANSACTION_BYTES =
  varintBytes(32) + // chainId
  PUBLIC_KEY_LENGTH +
  varintBytes(53) + // nonce
  ADDRESS_LENGTH +
  2 * varintBytes(AMOUNT_BITS) + // amount, fee
  MAX_TX_PAYLOAD_BYTES +
  SIGNATURE_LENGTH;

export type UnsignedTransaction = Omit<Transaction, 'signature'>;

export function writeUnsignedTransaction(w: Writer, tx: UnsignedTransaction): void {
  w.varint('chainId', tx.chainId, 32)
    .fixed('sender', tx.sender, PUBLIC_KEY_LENGTH)
    .varint('nonce', tx.nonce, 53)
    .fixed('recipient', tx.recipient, ADDRESS_LENGTH)
    .varint('amount', tx.amount, AMOUNT_BITS)
    .varint('fee', tx.fee, AMOUNT_BITS);
  writeTxPayload(w, tx.payload);
}

export function writeTransaction(w: Writer, tx: Transaction): void {
  writeUnsignedTransaction(w, tx);
  w.fixed('signature', tx.signature, SIGNATURE_LENGTH);
}

export function readTransaction(r: Reader): Transaction {
  return {
    chainId: r.uint('chainId', MAX_CHAIN_ID),
    sender: r.fixed('sender', PUBLIC_KEY_LENGTH),
    nonce: r.uint('nonce', MAX_UINT),
    recipient: r.fixed('recipient', ADDRESS_LENGTH),
    amount: r.varint('amount', AMOUNT_BITS),
    fee: r.varint('fee', AMOUNT_BITS),
    payload: readTxPayload(r),
    signature: r.fixed('signature', SIGNATURE_LENGTH),
  };
}

export function encodeTransaction(tx: Transaction): Uint8Array {
  const w = new Writer();
  writeTransaction(w, tx);
  return w.finish();
}

export function decodeTransaction(bytes: Uint8Array): Transaction {
  if (!(bytes instanceof Uint8Array)) throw new DecodeError('transaction', 'not bytes');
  const r = new Reader(bytes);
  const tx = readTransaction(r);
  r.end('transaction');
  return tx;
}
