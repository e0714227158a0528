// keeper-register: the sender has no keeper record, or an expelled one whose replicas are gone (which it replaces:
// not in the block that expelled it, whose end still drops them); the bond (already taken from its balance with the
// fee) moves into a new active record, and a new keeper joins the end of the keeper list.
import { keeperOf } from '../../storage/keepers.js';
import { appendToList, KEEPER_LIST } from '../../storage/lists.js';
import type { KindRules } from '../kind.js';
import type { KeeperRegisterPayload } from './payload.js';

export const keeperRegisterRules: KindRules<KeeperRegisterPayload> = {
  reject(ctx) {
    const k = keeperOf(ctx.state, ctx.sender);
    if (k && k.status !== 'expelled') return { code: 'already-keeper', detail: `the sender is a keeper (${k.status})` };
    if (k && k.used > 0)
      return {
        code: 'already-keeper',
        detail: 'the sender was expelled in this block; its replicas are not dropped yet',
      };
    return undefined;
  },
  apply(ctx, _tx, p) {
    const { ledger, sender, height } = ctx;
    if (!ledger.keeper(sender)) ledger.set(...appendToList(ledger, KEEPER_LIST, sender));
    ledger.setKeeper(sender, {
      status: 'active',
      capacity: p.capacity,
      used: 0,
      bond: p.bond,
      peerId: p.peerId,
      registered: height,
      unbondAt: 0,
      proofs: 0,
      misses: 0,
      earned: 0n,
      burnt: 0n,
    });
    return 0n;
  },
};
