// transfer: amount to the recipient; one that creates the recipient's account must pay minFee + accountCreationFee,
// and the creation part of its fee is burnt.
import { accountOf } from '../../account.js';
import { burntFee, creationTxRejection } from './fees.js';
import type { KindRules } from '../kind.js';
import type { TransferPayload } from './payload.js';

export const transferRules: KindRules<TransferPayload> = {
  reject: (ctx, tx) => creationTxRejection(ctx.params, accountOf(ctx.state, tx.recipient), tx),
  apply(ctx, tx) {
    const burnt = burntFee(ctx.params, ctx.ledger.account(tx.recipient), tx);
    ctx.ledger.credit(tx.recipient, tx.amount, ctx.txIndex);
    return burnt;
  },
};
