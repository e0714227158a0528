// Transactions waiting for a block. Admission applies the consensus rules that can be checked ahead of time;
// each sender's transactions are kept by nonce; a full pool evicts the lowest fee rate; a block template takes the
// best fee rates that execute in nonce order. Every method that judges against a state takes the height of the block
// the transactions would go in (head + 1): the proof-of-storage rules depend on it (a proof's window).
import type { Transaction } from '../../chain/transaction.js';
import type { Address } from '../../crypto/address.js';
import type { ChainParams } from '../../chain/params.js';
import type { State } from '../../chain/state.js';
import { addressKey } from '../../chain/state.js';
import { toHex } from '../../codec/hex.js';
import { storedObject } from '../../chain/storage/objects.js';
import { verifySegmentProof } from '../../crypto/segment-tree.js';
import {
  createsAccount,
  creationTxRejection,
  stateTxRejection,
  statelessTxRejection,
  txCost,
} from '../../chain/tx-rules.js';
import { higherFeeRate, poolEntry, type PoolEntry } from './entry.js';
import { MempoolError } from './errors.js';
import { MaxHeap } from './heap.js';

export interface MempoolLimits {
  /** The most transactions held at once. */
  readonly maxTxs: number;
  /** The most transactions held for one sender, so that one account cannot fill the pool with a nonce gap. */
  readonly maxPerSender: number;
}

/** Transactions a block template takes ahead of all others, up to `max` of them. */
export interface PriorityShare {
  readonly selects: (tx: Transaction) => boolean;
  readonly max: number;
}

/** A sender's next transaction in a block template, and what the sender has left to pay with. */
interface Cursor {
  readonly entry: PoolEntry;
  readonly queue: Map<number, PoolEntry>;
  readonly balance: bigint;
  /** Roots the sender's picked storage proofs answer for. */
  readonly proven: Set<string>;
}

export class Mempool {
  private readonly bySender = new Map<string, Map<number, PoolEntry>>();
  private readonly byHash = new Map<string, PoolEntry>();

  constructor(
    private readonly params: ChainParams,
    private readonly limits: MempoolLimits,
  ) {}

  get size(): number {
    return this.byHash.size;
  }

  has(hashHex: string): boolean {
    return this.byHash.has(hashHex);
  }

  /** The pooled transaction with this hash (hex), if any. */
  get(hashHex: string): Transaction | undefined {
    return this.byHash.get(hashHex)?.tx;
  }

  /** Every pooled transaction, in no particular order (for listings). */
  transactions(): Transaction[] {
    return [...this.byHash.values()].map((e) => e.tx);
  }

  /** The nonce of `sender`'s next transaction: its account's on `state`, past the ones pooled in a row from there. */
  nextNonce(sender: Address, state: State): number {
    const queue = this.bySender.get(addressKey(sender));
    let nonce = state.account(sender).nonce;
    while (queue?.has(nonce)) nonce++;
    return nonce;
  }

  /**
   * Admits `tx` against the head `state` for the block at `height`, or throws a MempoolError saying why not. Returns
   * its hash (hex).
   */
  add(tx: Transaction, state: State, height: number): string {
    // The head state decides the kind's rules: a recipient a pooled transaction would create still counts as new.
    const rejection = statelessTxRejection(this.params, tx) ?? stateTxRejection(this.params, state, tx, height);
    if (rejection) throw new MempoolError(rejection.code, rejection.detail);
    const entry = poolEntry(tx);
    if (this.byHash.has(entry.hash)) throw new MempoolError('duplicate', 'already in the pool');
    const account = state.account(entry.sender);
    if (tx.nonce < account.nonce)
      throw new MempoolError('bad-nonce', `nonce ${tx.nonce} is below the account's ${account.nonce}`);
    const queue = this.bySender.get(entry.senderKey) ?? new Map<number, PoolEntry>();
    const replaced = queue.get(tx.nonce);
    if (replaced && tx.fee <= replaced.tx.fee) {
      throw new MempoolError('replacement-underpriced', `fee ${tx.fee} does not exceed the pooled ${replaced.tx.fee}`);
    }
    let cost = txCost(tx);
    for (const [nonce, e] of queue) if (nonce < tx.nonce) cost += txCost(e.tx);
    if (cost > account.balance) {
      throw new MempoolError('insufficient-balance', `pending spending ${cost} exceeds the balance ${account.balance}`);
    }
    if (!replaced && queue.size >= this.limits.maxPerSender) {
      throw new MempoolError('sender-limit', `the sender already has ${queue.size} pooled transactions`);
    }
    if (!replaced && this.byHash.size >= this.limits.maxTxs) this.evictFor(entry);
    if (replaced) this.remove(replaced);
    queue.set(tx.nonce, entry);
    this.bySender.set(entry.senderKey, queue);
    this.byHash.set(entry.hash, entry);
    return entry.hash;
  }

  /** Makes room for `entry` by evicting the lowest fee rate among other senders' last transactions. */
  private evictFor(entry: PoolEntry): void {
    let victim: PoolEntry | undefined;
    for (const [key, queue] of this.bySender) {
      if (key === entry.senderKey) continue;
      const tail = queue.get(Math.max(...queue.keys()))!;
      if (!victim || higherFeeRate(victim, tail)) victim = tail;
    }
    if (!victim || !higherFeeRate(entry, victim))
      throw new MempoolError('pool-full', 'the fee rate is below every pooled transaction');
    this.remove(victim);
  }

  private remove(entry: PoolEntry): void {
    this.byHash.delete(entry.hash);
    const queue = this.bySender.get(entry.senderKey);
    queue?.delete(entry.tx.nonce);
    if (queue?.size === 0) this.bySender.delete(entry.senderKey);
  }

  /**
   * After a block: drops its transactions, every pooled one its senders can no longer use (nonce too low), and every
   * pooled storage proof the state rules now refuse for the block at `height` (its window passed, its epoch over, its
   * replica proven or gone): a stale proof would otherwise hold its keeper's later transactions behind its nonce for
   * ever, and the keeper sends its next one with that nonce again.
   */
  removeMined(txs: readonly Transaction[], state: State, height: number): void {
    for (const tx of txs) {
      const { senderKey, sender } = poolEntry(tx);
      const account = state.account(sender);
      for (const e of [...(this.bySender.get(senderKey)?.values() ?? [])]) {
        if (e.tx.nonce < account.nonce) this.remove(e);
      }
    }
    for (const e of [...this.byHash.values()]) {
      if (e.tx.payload.kind === 'storage-proof' && stateTxRejection(this.params, state, e.tx, height)) this.remove(e);
    }
  }

  /** After blocks were undone: offers their transactions again; those no longer valid are dropped silently. */
  readmit(txs: readonly Transaction[], state: State, height: number): number {
    let admitted = 0;
    for (const tx of txs) {
      try {
        this.add(tx, state, height);
        admitted++;
      } catch (err) {
        if (!(err instanceof MempoolError)) throw err;
      }
    }
    return admitted;
  }

  /**
   * At most `max` transactions that execute on `state` in order in the block at `height`, chosen greedily by fee
   * rate; with `first`, the transactions it selects (storage proofs: the miner's policy) are taken before all
   * others, up to its `max`, then the rest fill the block by fee rate. A sender's proof-of-storage transactions are
   * judged on `state`: after its keeper-register or keeper-exit, which change what its later ones may do, and after
   * a second proof of one object, the sender's queue stops.
   */
  blockTemplate(state: State, height: number, max = this.params.maxTxPerBlock, first?: PriorityShare): Transaction[] {
    let cursors: Cursor[] = [];
    for (const queue of this.bySender.values()) {
      const first = queue.values().next().value!;
      const account = state.account(first.sender);
      const entry = queue.get(account.nonce);
      if (entry) cursors.push({ entry, queue, balance: account.balance, proven: new Set() });
    }
    const picked: Transaction[] = [];
    const created = new Set<string>();
    const fill = (limit: number, eligible: (tx: Transaction) => boolean) =>
      this.fill(state, height, cursors, { picked, created, limit, eligible });
    if (first) cursors = fill(Math.min(first.max, max), first.selects);
    fill(max, () => true);
    return picked;
  }

  /**
   * Adds to `picked`, best fee rate first, the senders' next transactions that `eligible` selects, until `picked`
   * holds `limit`; returns the cursors left (a sender whose next transaction is not eligible waits there).
   */
  private fill(
    state: State,
    height: number,
    cursors: readonly Cursor[],
    into: {
      picked: Transaction[];
      created: Set<string>;
      limit: number;
      eligible: (tx: Transaction) => boolean;
    },
  ): Cursor[] {
    const { picked, created, limit, eligible } = into;
    const heap = new MaxHeap<Cursor>((a, b) => higherFeeRate(a.entry, b.entry));
    for (const c of cursors) heap.push(c);
    const waiting: Cursor[] = [];
    while (picked.length < limit && heap.size > 0) {
      const c = heap.pop()!;
      const { tx } = c.entry;
      if (!eligible(tx)) {
        waiting.push(c);
        continue;
      }
      const cost = txCost(tx);
      if (cost > c.balance) continue; // this sender can pay for nothing more
      // After a reorganisation a pooled transfer's recipient may be new again; then it must pay for the creation.
      const recipientKey = addressKey(tx.recipient);
      const recipient = state.account(tx.recipient);
      const creates = !created.has(recipientKey) && createsAccount(recipient, tx);
      if (creates && creationTxRejection(this.params, recipient, tx)) continue;
      if (creates) created.add(recipientKey);
      const { payload } = tx;
      if (payload.kind !== 'transfer') {
        const root = payload.kind === 'storage-proof' ? toHex(payload.root) : undefined;
        if (stateTxRejection(this.params, state, tx, height) || (root && c.proven.has(root))) continue;
        if (root) c.proven.add(root);
      }
      picked.push(tx);
      const next = c.queue.get(tx.nonce + 1);
      // A proof that does not verify expels its sender in this block: a later proof of its would make the block
      // invalid (not-a-keeper), and a template that fails to build stops the miner.
      const changesKeeper =
        payload.kind === 'keeper-register' ||
        payload.kind === 'keeper-exit' ||
        (payload.kind === 'storage-proof' &&
          !verifySegmentProof(payload.root, storedObject(state, payload.root)!.size, payload));
      if (next && !changesKeeper) heap.push({ ...c, entry: next, balance: c.balance - cost });
    }
    for (let c = heap.pop(); c; c = heap.pop()) waiting.push(c);
    return waiting;
  }
}
