// withdraw (tag 7): proposal id 32. Unlocks all the sender locked behind the proposal, once it is decided or expired.
import { noTransferRejection, type PayloadCodec } from '../kind.js';

export interface WithdrawPayload {
  readonly kind: 'withdraw';
  readonly proposal: Uint8Array;
}

export const withdrawCodec: PayloadCodec<WithdrawPayload> = {
  tag: 7,
  maxBytes: 32,
  write: (w, p) => w.fixed('proposal', p.proposal, 32),
  read: (r) => ({ kind: 'withdraw', proposal: r.fixed('proposal', 32) }),
  stateless: (_params, tx) => noTransferRejection(tx),
};
