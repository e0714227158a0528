// storage-proof: the cheap checks (each failure makes the transaction, and so its block, invalid), then the proof.
// One that verifies pays proofReward (new issuance) to the keeper, marks the replica proven in this epoch and clears
// its strikes. One that does not (the keeper's copy is not the object) is a valid transaction that burns the whole
// bond and expels the keeper: every replica it holds is dropped and re-placed at the end of the block.
import { bytesEqual, toHex } from '../../../codec/hex.js';
import { segmentLength, verifySegmentProof } from '../../../crypto/segment-tree.js';
import { challengeSegment } from '../../storage/challenge.js';
import { currentEpoch } from '../../storage/epoch.js';
import { keeperOf } from '../../storage/keepers.js';
import { storedObject, withReplica } from '../../storage/objects.js';
import type { KindRules } from '../kind.js';
import type { StorageProofPayload } from './payload.js';

export const storageProofRules: KindRules<StorageProofPayload> = {
  reject(ctx, _tx, p) {
    const { state, sender, height, params } = ctx;
    const keeper = keeperOf(state, sender);
    if (keeper?.status !== 'active')
      return { code: 'not-a-keeper', detail: `the sender is ${keeper ? keeper.status : 'no keeper'}` };
    const object = storedObject(state, p.root);
    const replica = object?.replicas.find((r) => bytesEqual(r.keeper, sender));
    if (!object || !replica) return { code: 'no-replica', detail: `the sender holds no replica of ${toHex(p.root)}` };
    const epoch = currentEpoch(state);
    if (!epoch || p.epoch !== epoch.epoch)
      return { code: 'wrong-epoch', detail: `epoch ${p.epoch}, the current one is ${epoch?.epoch ?? 'none'}` };
    const end = epoch.height + params.storage.challengeWindow;
    if (height <= epoch.height || height > end)
      return { code: 'outside-window', detail: `height ${height}, the window is ${epoch.height + 1}..${end}` };
    if (replica.assigned >= epoch.height)
      return { code: 'not-challenged', detail: `assigned at ${replica.assigned}, after the challenge block` };
    if (replica.lastProof === epoch.epoch) return { code: 'already-proven', detail: `proven in epoch ${epoch.epoch}` };
    const segment = challengeSegment(epoch.seed, p.root, sender, object.size);
    if (p.index !== segment) return { code: 'wrong-segment', detail: `segment ${p.index}, challenged ${segment}` };
    const length = segmentLength(object.size, p.index);
    if (p.segment.length !== length)
      return { code: 'wrong-segment-length', detail: `${p.segment.length} bytes, segment ${p.index} has ${length}` };
    return undefined;
  },
  apply(ctx, _tx, p) {
    const { ledger, sender, params } = ctx;
    const keeper = ledger.keeper(sender)!;
    const object = ledger.object(p.root)!;
    if (verifySegmentProof(p.root, object.size, p)) {
      const reward = params.storage.proofReward;
      ledger.credit(sender, reward, ctx.txIndex);
      ledger.setKeeper(sender, { ...keeper, proofs: keeper.proofs + 1, earned: keeper.earned + reward });
      const replica = object.replicas.find((r) => bytesEqual(r.keeper, sender))!;
      ledger.setObject(p.root, {
        ...object,
        replicas: withReplica(object.replicas, { ...replica, strikes: 0, lastProof: p.epoch }),
      });
    } else {
      ledger.setKeeper(sender, { ...keeper, status: 'expelled', bond: 0n, burnt: keeper.burnt + keeper.bond });
      ctx.leaving.set(toHex(sender), sender);
    }
    return 0n;
  },
};
