// What a transaction kind is (one folder per kind under src/chain/tx/): its payload encoding and stateless checks
// (payload.ts, registered in src/chain/tx-payload.ts), and its state-dependent rule and effect (apply.ts, registered
// in src/chain/tx-rules.ts). Undo is generic: the ledger records the prior value of every record a kind changes.
import type { Reader } from '../../codec/reader.js';
import type { Writer } from '../../codec/writer.js';
import type { Address } from '../../crypto/address.js';
import type { TxErrorCode } from '../errors.js';
import type { Ledger } from '../ledger.js';
import type { RecordReader } from '../namespace.js';
import type { ChainParams } from '../params.js';
import type { Transaction } from '../transaction.js';

/** Bytes of the longest LEB128 varint of a value below 2^bits. */
export const varintBytes = (bits: number) => Math.ceil(bits / 7);

export interface TxRejection {
  readonly code: TxErrorCode;
  readonly detail: string;
}

export interface PayloadCodec<P> {
  /** The payload tag (a varint before the payload). */
  readonly tag: number;
  /** The longest encoding of the payload, tag excluded. */
  readonly maxBytes: number;
  write(w: Writer, p: P): void;
  read(r: Reader): P;
  /** Rules of the payload and the amount and recipient fields that need no state (the signature is checked after). */
  stateless(params: ChainParams, tx: Transaction, p: P): TxRejection | undefined;
  /** What the transaction locks from the sender's balance beyond amount and fee (a keeper's bond). */
  readonly locked?: (p: P) => bigint;
}

export interface TxContext {
  readonly params: ChainParams;
  /** The state the transaction executes on (the ledger of its block, or the head state for the mempool). */
  readonly state: RecordReader;
  /** The height of the block it goes in. */
  readonly height: number;
  readonly sender: Address;
}

export interface ApplyContext extends TxContext {
  readonly ledger: Ledger;
  readonly txIndex: number;
  /** Keepers that stopped being active in this block: their replicas are dropped and re-placed at its end. */
  readonly leaving: Map<string, Address>;
}

export interface KindRules<P> {
  /** The rules against the state, shared by block execution and mempool admission; checked before `apply`. */
  reject(ctx: TxContext, tx: Transaction, p: P): TxRejection | undefined;
  /** The effect, after the sender paid amount, fee and what it locks; returns the part of the fee that is burnt. */
  apply(ctx: ApplyContext, tx: Transaction, p: P): bigint;
}

/** The stateless rule of every kind but transfer: no amount, the zero recipient (a kind's value moves by its own
 * fields, so neither may carry one that nothing reads). */
export function noTransferRejection(tx: Transaction): TxRejection | undefined {
  if (tx.amount !== 0n) return { code: 'amount-not-zero', detail: `amount ${tx.amount} on a ${tx.payload.kind}` };
  if (tx.recipient.some((b) => b !== 0))
    return { code: 'recipient-not-zero', detail: `a ${tx.payload.kind} has the zero address as recipient` };
  return undefined;
}

/** The deposit rule of both proposal kinds: at least the chain's minDeposit. */
export function depositRejection(params: ChainParams, deposit: bigint): TxRejection | undefined {
  const min = params.governance.minDeposit;
  if (deposit < min) return { code: 'deposit-below-minimum', detail: `deposit ${deposit}, the minimum is ${min}` };
  return undefined;
}
