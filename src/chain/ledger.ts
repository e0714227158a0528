// The records a block changes, over the state before it: reads see the changes first, and `finish` turns them into
// the new state and the undo record (the prior value of every changed record). Nothing touches the base state, so
// a block that fails leaves it intact. Accounts and the storage records are typed views on the same overlay.
import { toHex } from '../codec/hex.js';
import type { Address } from '../crypto/address.js';
import { accountOf, accountRecord, type Account } from './account.js';
import { BlockError } from './errors.js';
import type { Namespace, RecordChange, RecordReader } from './namespace.js';
import { MAX_AMOUNT } from './params.js';
import type { State } from './state.js';
import { keeperOf, keeperRecord, type Keeper } from './storage/keepers.js';
import { objectRecord, storedObject, type StoredObject } from './storage/objects.js';
import { sortUndo, type Undo } from './undo.js';

export interface Execution {
  readonly state: State;
  readonly undo: Undo;
}

export class Ledger implements RecordReader {
  private readonly changes = new Map<string, RecordChange>();

  constructor(private readonly base: State) {}

  record(ns: Namespace, key: Uint8Array): Uint8Array | undefined {
    const change = this.changes.get(`${ns.tag}:${toHex(key)}`);
    return change ? change.value : this.base.record(ns, key);
  }

  set(...changes: RecordChange[]): void {
    for (const c of changes) this.changes.set(`${c.ns.tag}:${toHex(c.key)}`, c);
  }

  account(address: Address): Account {
    return accountOf(this, address);
  }

  setAccount(address: Address, account: Account): void {
    this.set(accountRecord(address, account));
  }

  credit(address: Address, amount: bigint, txIndex?: number): void {
    const acc = this.account(address);
    const balance = acc.balance + amount;
    if (balance > MAX_AMOUNT) throw new BlockError('balance-overflow', 'balance would exceed 2^128-1', txIndex);
    this.setAccount(address, { ...acc, balance });
  }

  keeper(address: Address): Keeper | undefined {
    return keeperOf(this, address);
  }

  setKeeper(address: Address, keeper: Keeper | undefined): void {
    this.set(keeperRecord(address, keeper));
  }

  object(root: Uint8Array): StoredObject | undefined {
    return storedObject(this, root);
  }

  setObject(root: Uint8Array, object: StoredObject): void {
    this.set(objectRecord(root, object));
  }

  /** The new state and the undo record. */
  finish(): Execution {
    const changes = [...this.changes.values()];
    const prior = changes.map((c) => ({ ...c, value: this.base.record(c.ns, c.key) }));
    return { state: this.base.update(changes), undo: sortUndo({ prior }) };
  }
}
