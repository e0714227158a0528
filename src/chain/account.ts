// An account: its balance and the nonce its next transaction must carry. Encoding: balance varint ‖ nonce varint.
// The accounts namespace of the state maps an address to that encoding; an empty account is never stored, so
// "absent" and "empty" are the same state and the root does not depend on how an account got there.
import { Reader } from '../codec/reader.js';
import { Writer } from '../codec/writer.js';
import { ADDRESS_LENGTH, type Address } from '../crypto/address.js';
import type { Namespace, RecordChange, RecordReader } from './namespace.js';
import { AMOUNT_BITS, MAX_UINT } from './params.js';

export const ACCOUNTS: Namespace = { tag: 1, name: 'accounts', keyLength: ADDRESS_LENGTH };

export interface Account {
  readonly balance: bigint;
  readonly nonce: number;
}

/** Every address not in the state holds this; the state never stores it. */
export const EMPTY_ACCOUNT: Account = Object.freeze({ balance: 0n, nonce: 0 });

export function isEmptyAccount(a: Account): boolean {
  return a.balance === 0n && a.nonce === 0;
}

export function writeAccount(w: Writer, a: Account): void {
  w.varint('balance', a.balance, AMOUNT_BITS).varint('nonce', a.nonce, 53);
}

export function readAccount(r: Reader): Account {
  return { balance: r.varint('balance', AMOUNT_BITS), nonce: r.uint('nonce', MAX_UINT) };
}

export function encodeAccount(a: Account): Uint8Array {
  const w = new Writer();
  writeAccount(w, a);
  return w.finish();
}

export function decodeAccount(bytes: Uint8Array): Account {
  const r = new Reader(bytes);
  const a = readAccount(r);
  r.end('account');
  return a;
}

/** The account of `address` (EMPTY_ACCOUNT when it has no record). */
export function accountOf(state: RecordReader, address: Address): Account {
  const value = state.record(ACCOUNTS, address);
  return value ? decodeAccount(value) : EMPTY_ACCOUNT;
}

/** The change setting `address` to `account` (an empty account removes the record). */
export function accountRecord(address: Address, account: Account): RecordChange {
  return { ns: ACCOUNTS, key: address, value: isEmptyAccount(account) ? undefined : encodeAccount(account) };
}
