// The account state: an immutable map from address to account. Empty accounts (balance 0, nonce 0) are never
// stored, so "absent" and "empty" are the same state and the state root does not depend on how an account got
// there. Updates copy the map once per block (not per transaction) and leave the old State untouched.
import { concatBytes } from '../codec/bytes.js';
import { hexBytes, toHex } from '../codec/hex.js';
import type { Address } from '../crypto/address.js';
import { merkleRoot } from '../crypto/merkle.js';
import { EMPTY_ACCOUNT, encodeAccount, isEmptyAccount, type Account } from './account.js';

/** Map key of an address: its lowercase hex, which sorts like the address bytes. */
export function addressKey(address: Address): string {
  return toHex(address);
}

export class State {
  private rootCache: Uint8Array | undefined;

  private constructor(private readonly accounts: ReadonlyMap<string, Account>) {}

  static readonly empty = new State(new Map());

  static fromAccounts(entries: Iterable<readonly [Address, Account]>): State {
    return State.empty.update(new Map([...entries].map(([a, acc]) => [addressKey(a), acc])));
  }

  get size(): number {
    return this.accounts.size;
  }

  account(address: Address): Account {
    return this.accounts.get(addressKey(address)) ?? EMPTY_ACCOUNT;
  }

  /** Accounts in ascending address order. */
  sortedEntries(): [Address, Account][] {
    return [...this.accounts.keys()].sort().map((k) => [hexBytes(k), this.accounts.get(k)!]);
  }

  /** A new State with `changes` (address key -> account) applied; an empty account removes the address. */
  update(changes: ReadonlyMap<string, Account>): State {
    const next = new Map(this.accounts);
    for (const [k, acc] of changes) {
      if (isEmptyAccount(acc)) next.delete(k);
      else next.set(k, acc);
    }
    return new State(next);
  }

  /** Merkle root over (address ‖ account encoding) of every stored account, in ascending address order. */
  root(): Uint8Array {
    this.rootCache ??= merkleRoot(
      this.sortedEntries().map(([address, acc]) => concatBytes([address, encodeAccount(acc)])),
    );
    return this.rootCache;
  }
}
