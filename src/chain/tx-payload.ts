// The kind of a transaction and its kind-specific payload, encoded as a varint tag then the payload. Later kinds
// (storage, governance) add a variant to TxPayload, a tag and a case to each function here.
import type { Reader } from '../codec/reader.js';
import { DecodeError } from '../codec/errors.js';
import type { Writer } from '../codec/writer.js';

export const MAX_MEMO_LENGTH = 256;

/** Bytes of the longest LEB128 varint of a value below 2^bits. */
export const varintBytes = (bits: number) => Math.ceil(bits / 7);

/** The longest payload encoding of any kind: the tag (below 2^16), then a memo of MAX_MEMO_LENGTH bytes. */
export const MAX_TX_PAYLOAD_BYTES = varintBytes(16) + varintBytes(MAX_MEMO_LENGTH.toString(2).length) + MAX_MEMO_LENGTH;

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
