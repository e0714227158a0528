// propose-problem: a new proposal (governance/propose.ts) whose rules id is its own proposal id, naming the data
// set's manifest.
import { proposalIdOf } from '../../tx-payload.js';
import { applyProposal, proposeRejection } from '../../governance/propose.js';
import type { KindRules } from '../kind.js';
import type { ProposeProblemPayload } from './payload.js';

export const proposeProblemRules: KindRules<ProposeProblemPayload> = {
  reject: (ctx, _tx, p) => proposeRejection(ctx.state, proposalIdOf(p)),
  apply(ctx, _tx, p) {
    const id = proposalIdOf(p);
    const file = { root: p.dataRoot, size: p.dataSize };
    applyProposal(ctx.params, ctx.ledger, ctx.sender, ctx.height, {
      id,
      kind: 'problem',
      rulesId: id,
      deposit: p.deposit,
      file,
    });
    return 0n;
  },
};
