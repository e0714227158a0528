// propose-grammar: a new proposal (governance/propose.ts) whose rules id is the grammar id, naming the grammar file.
import { proposalIdOf } from '../../tx-payload.js';
import { applyProposal, proposeRejection } from '../../governance/propose.js';
import type { KindRules } from '../kind.js';
import type { ProposeGrammarPayload } from './payload.js';

export const proposeGrammarRules: KindRules<ProposeGrammarPayload> = {
  reject: (ctx, _tx, p) => proposeRejection(ctx.state, proposalIdOf(p)),
  apply(ctx, _tx, p) {
    const file = { root: p.fileRoot, size: p.fileSize };
    const proposal = { id: proposalIdOf(p), kind: 'grammar' as const, rulesId: p.grammarId, deposit: p.deposit, file };
    applyProposal(ctx.params, ctx.ledger, ctx.sender, ctx.height, proposal);
    return 0n;
  },
};
