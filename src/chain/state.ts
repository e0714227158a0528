// The chain state: an immutable map from address to account, and the set of model weight digests of every block
// on the chain (the chain-wide uniqueness rule, docs/PROTOCOL.md 2.6/2.7). Empty accounts (balance 0, nonce 0) are
// never stored, so "absent" and "empty" are the same state and the state root does not depend on how an account
// got there. Updates copy the map and the set once per block (not per transaction) and leave the old State
// untouched. A digest is just 32 bytes to the state; src/consensus/params-digest.ts computes it from a model.
import { concatBytes } from '../codec/bytes.js';
import { hexBytes, toHex } from '../codec/hex.js';
import type { Address } from '../crypto/address.js';
import { sha3_256 } from '../crypto/hash.js';
import { merkleRoot } from '../crypto/merkle.js';
import { EMPTY_ACCOUNT, encodeAccount, isEmptyAccount, type Account } from './account.js';

export const MODEL_DIGEST_LENGTH = 32;
/** stateRoot = SHA3-256(STATE_ROOT_DOMAIN ‖ accountsRoot ‖ modelsRoot). */
export const STATE_ROOT_DOMAIN = new TextEncoder().encode('coinai-state-v1');

/** Map key of an address: its lowercase hex, which sorts like the address bytes. */
export function addressKey(address: Address): string {
  return toHex(address);
}

function digestKey(digest: Uint8Array): string {
  if (digest.length !== MODEL_DIGEST_LENGTH)
    throw new RangeError(`a model digest is ${MODEL_DIGEST_LENGTH} bytes, not ${digest.length}`);
  return toHex(digest);
}

/** What a block changes besides accounts: the model digest it adds (apply) or removes (revert). */
export interface ModelChange {
  readonly add?: Uint8Array;
  readonly remove?: Uint8Array;
}

export class State {
  private rootCache: Uint8Array | undefined;

  private constructor(
    private readonly accounts: ReadonlyMap<string, Account>,
    private readonly models: ReadonlySet<string>,
  ) {}

  static readonly empty = new State(new Map(), new Set());

  static fromAccounts(entries: Iterable<readonly [Address, Account]>, modelDigests: Iterable<Uint8Array> = []): State {
    const base = State.empty.update(new Map([...entries].map(([a, acc]) => [addressKey(a), acc])));
    const models = new Set<string>();
    for (const d of modelDigests) models.add(digestKey(d));
    return new State(base.accounts, models);
  }

  get size(): number {
    return this.accounts.size;
  }

  /** How many model digests the chain holds (one per block after genesis). */
  get modelCount(): number {
    return this.models.size;
  }

  account(address: Address): Account {
    return this.accounts.get(addressKey(address)) ?? EMPTY_ACCOUNT;
  }

  /** True when a block of this chain already carried a model with these weights. */
  hasModel(digest: Uint8Array): boolean {
    return this.models.has(toHex(digest));
  }

  /** Accounts in ascending address order. */
  sortedEntries(): [Address, Account][] {
    return [...this.accounts.keys()].sort().map((k) => [hexBytes(k), this.accounts.get(k)!]);
  }

  /** Model digests in ascending byte order. */
  sortedModels(): Uint8Array[] {
    return [...this.models].sort().map((k) => hexBytes(k));
  }

  /**
   * A new State with `changes` (address key -> account) applied, an empty account removing the address, and the
   * model digest `models.add` added / `models.remove` removed.
   */
  update(changes: ReadonlyMap<string, Account>, models: ModelChange = {}): State {
    const next = new Map(this.accounts);
    for (const [k, acc] of changes) {
      if (isEmptyAccount(acc)) next.delete(k);
      else next.set(k, acc);
    }
    let nextModels = this.models;
    if (models.add || models.remove) {
      const set = new Set(this.models);
      if (models.remove) set.delete(toHex(models.remove));
      if (models.add) set.add(digestKey(models.add));
      nextModels = set;
    }
    return new State(next, nextModels);
  }

  /** Merkle root over (address ‖ account encoding) of every stored account, in ascending address order. */
  accountsRoot(): Uint8Array {
    return merkleRoot(this.sortedEntries().map(([address, acc]) => concatBytes([address, encodeAccount(acc)])));
  }

  /** Merkle root over the model digests, in ascending byte order. */
  modelsRoot(): Uint8Array {
    return merkleRoot(this.sortedModels());
  }

  /** SHA3-256(utf8("coinai-state-v1") ‖ accountsRoot ‖ modelsRoot). */
  root(): Uint8Array {
    this.rootCache ??= sha3_256(STATE_ROOT_DOMAIN, this.accountsRoot(), this.modelsRoot());
    return this.rootCache;
  }
}
