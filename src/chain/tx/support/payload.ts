// support (tag 6): proposal id 32 ‖ amount varint(128). Locks `amount` (≥ 1) of the sender's balance behind the
// proposal until it is decided or expires (withdraw).
import { AMOUNT_BITS } from '../../params.js';
import { noTransferRejection, varintBytes, type PayloadCodec } from '../kind.js';

export interface SupportPayload {
  readonly kind: 'support';
  readonly proposal: Uint8Array;
  readonly amount: bigint;
}

export const supportCodec: PayloadCodec<SupportPayload> = {
  tag: 6,
  maxBytes: 32 + varintBytes(AMOUNT_BITS),
  write: (w, p) => w.fixed('proposal', p.proposal, 32).varint('amount', p.amount, AMOUNT_BITS),
  read: (r) => ({ kind: 'support', proposal: r.fixed('proposal', 32), amount: r.varint('amount', AMOUNT_BITS) }),
  stateless(_params, tx, p) {
    const common = noTransferRejection(tx);
    if (common) return common;
    return p.amount < 1n ? { code: 'zero-support', detail: 'a support locks at least 1' } : undefined;
  },
  locked: (p) => p.amount,
};
