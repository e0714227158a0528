// keeper-exit: the sender is an active keeper; it becomes exiting until unbondAt = height + unbondingDelay, and every
// replica it holds is dropped and re-placed at the end of this block.
import { toHex } from '../../../codec/hex.js';
import { keeperOf } from '../../storage/keepers.js';
import type { KindRules } from '../kind.js';
import type { KeeperExitPayload } from './payload.js';

export const keeperExitRules: KindRules<KeeperExitPayload> = {
  reject(ctx) {
    const k = keeperOf(ctx.state, ctx.sender);
    if (k?.status !== 'active') return { code: 'not-a-keeper', detail: `the sender is ${k ? k.status : 'no keeper'}` };
    return undefined;
  },
  apply(ctx) {
    const { ledger, sender, height, params } = ctx;
    const k = ledger.keeper(sender)!;
    ledger.setKeeper(sender, { ...k, status: 'exiting', unbondAt: height + params.storage.unbondingDelay });
    ctx.leaving.set(toHex(sender), sender);
    return 0n;
  },
};
