// transfer (tag 0): memo varbytes(≤ 256), free text for the recipient, not interpreted by consensus.
import type { PayloadCodec } from '../kind.js';

export const MAX_MEMO_LENGTH = 256;

export interface TransferPayload {
  readonly kind: 'transfer';
  readonly memo: Uint8Array;
}

export const transferCodec: PayloadCodec<TransferPayload> = {
  tag: 0,
  maxBytes: 2 + MAX_MEMO_LENGTH,
  write: (w, p) => w.varBytes('memo', p.memo, MAX_MEMO_LENGTH),
  read: (r) => ({ kind: 'transfer', memo: r.varBytes('memo', MAX_MEMO_LENGTH) }),
  stateless: () => undefined,
};
