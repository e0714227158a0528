// support: the proposal exists and is open at this height; the amount (taken from the sender's balance with the fee)
// joins the sender's support record of it (a new one joins the support list), whose `since` becomes this height, and
// the proposal's total.
import { toHex } from '../../../codec/hex.js';
import { isOpen, proposalOf, proposalRecord } from '../../governance/proposals.js';
import { supportKey, supportOf, supportRecord } from '../../governance/supports.js';
import { appendToList, SUPPORT_LIST } from '../../storage/lists.js';
import { MAX_AMOUNT } from '../../params.js';
import type { KindRules } from '../kind.js';
import type { SupportPayload } from './payload.js';

export const supportRules: KindRules<SupportPayload> = {
  reject(ctx, _tx, p) {
    const proposal = proposalOf(ctx.state, p.proposal);
    if (!proposal) return { code: 'unknown-proposal', detail: `no proposal ${toHex(p.proposal)}` };
    if (!isOpen(proposal, ctx.height, ctx.params.governance.proposalLifetime))
      return {
        code: 'proposal-closed',
        detail: `the proposal is ${proposal.status === 'open' ? 'past its lifetime' : proposal.status}`,
      };
    if (proposal.support + p.amount > MAX_AMOUNT)
      return { code: 'balance-overflow', detail: 'the proposal’s support would exceed 2^128-1' };
    return undefined;
  },
  apply(ctx, _tx, p) {
    const { ledger, sender, height } = ctx;
    const proposal = proposalOf(ledger, p.proposal)!;
    const before = supportOf(ledger, sender, p.proposal);
    if (!before) ledger.set(...appendToList(ledger, SUPPORT_LIST, supportKey(sender, p.proposal)));
    ledger.set(
      supportRecord(sender, p.proposal, { amount: (before?.amount ?? 0n) + p.amount, since: height }),
      proposalRecord(p.proposal, { ...proposal, support: proposal.support + p.amount }),
    );
    return 0n;
  },
};
