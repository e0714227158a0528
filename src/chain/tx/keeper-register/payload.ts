// keeper-register (tag 1): capacity varint(53) ‖ bond varint(128) ‖ peerId varbytes(≤ 64).
// Offers `capacity` bytes of storage, locking `bond` (≥ minBond) from the sender's balance; peerId is the libp2p
// peer id nodes fetch the keeper's objects from.
import { MAX_PEER_ID_LENGTH } from '../../storage/keepers.js';
import { AMOUNT_BITS, MAX_UINT } from '../../params.js';
import { noTransferRejection, varintBytes, type PayloadCodec } from '../kind.js';

export interface KeeperRegisterPayload {
  readonly kind: 'keeper-register';
  readonly capacity: number;
  readonly bond: bigint;
  readonly peerId: Uint8Array;
}

export const keeperRegisterCodec: PayloadCodec<KeeperRegisterPayload> = {
  tag: 1,
  maxBytes: varintBytes(53) + varintBytes(AMOUNT_BITS) + 1 + MAX_PEER_ID_LENGTH,
  write: (w, p) =>
    w
      .varint('capacity', p.capacity, 53)
      .varint('bond', p.bond, AMOUNT_BITS)
      .varBytes('peerId', p.peerId, MAX_PEER_ID_LENGTH),
  read: (r) => ({
    kind: 'keeper-register',
    capacity: r.uint('capacity', MAX_UINT),
    bond: r.varint('bond', AMOUNT_BITS),
    peerId: r.varBytes('peerId', MAX_PEER_ID_LENGTH),
  }),
  stateless(params, tx, p) {
    const common = noTransferRejection(tx);
    if (common) return common;
    if (p.capacity < 1) return { code: 'zero-capacity', detail: 'a keeper offers at least one byte' };
    if (p.bond < params.storage.minBond)
      return { code: 'bond-below-minimum', detail: `bond ${p.bond}, the minimum is ${params.storage.minBond}` };
    if (p.peerId.length === 0) return { code: 'bad-peer-id', detail: 'the peer id is empty' };
    return undefined;
  },
  locked: (p) => p.bond,
};
