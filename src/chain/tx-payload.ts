// The kind of a transaction and its kind-specific payload, encoded as a varint tag then the payload. Later kinds
// (storage, governance) add a variant to TxPayload, a tag and a case to each function here.
import type { Reader } from '../codec/reader.js';
import { DecodeError } from '../codec/errors.js';
import type { Writer } from '../codec/writer.js';

export const MAX_MEMO_LENGTH = 256;

/** A plain value transfer; the memo is free text for the recipient, not interpreted by consensus. */
export interface TransferPayload {
  readonly kind: 'transfer';
  readonly memo: Uint8Array;
}

export type TxPayload = TransferPayload;

const TAG = { transfer: 0 } as const;

export function writeTxPayload(w: Writer, p: TxPayload): void {
  w.varint('kind', TAG[p.kind], 16);
  w.varBytes('memo', p.memo, MAX_MEMO_LENGTH);
}

export function readTxPayload(r: Reader): TxPayload {
  const tag = r.uint('kind', 0xffff);
  switch (tag) {
    case TAG.transfer:
      return { kind: 'transfer', memo: r.varBytes('memo', MAX_MEMO_LENGTH) };
    default:
      throw new DecodeError('kind', `unknown transaction kind ${tag}`);
  }
}
