// withdraw: the sender supports the proposal, which is no longer open (decided, or past its lifetime); the locked
// coins return to the sender's balance, its support record leaves the state and the proposal's total drops.
import { toHex } from '../../../codec/hex.js';
import { isOpen, proposalOf, proposalRecord } from '../../governance/proposals.js';
import { dropSupport, supportOf } from '../../governance/supports.js';
import type { KindRules } from '../kind.js';
import type { WithdrawPayload } from './payload.js';

export const withdrawRules: KindRules<WithdrawPayload> = {
  reject(ctx, _tx, p) {
    if (!supportOf(ctx.state, ctx.sender, p.proposal))
      return { code: 'no-support', detail: `the sender locked nothing behind ${toHex(p.proposal)}` };
    const proposal = proposalOf(ctx.state, p.proposal)!;
    if (isOpen(proposal, ctx.height, ctx.params.governance.proposalLifetime))
      return {
        code: 'proposal-open',
        detail: 'the proposal is still open: support unlocks once it is decided or expired',
      };
    return undefined;
  },
  apply(ctx, _tx, p) {
    const { ledger, sender } = ctx;
    const { amount } = supportOf(ledger, sender, p.proposal)!;
    const proposal = proposalOf(ledger, p.proposal)!;
    ledger.set(
      ...dropSupport(ledger, sender, p.proposal),
      proposalRecord(p.proposal, { ...proposal, support: proposal.support - amount }),
    );
    ledger.credit(sender, amount, ctx.txIndex);
    return 0n;
  },
};
