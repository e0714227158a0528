// keeper-exit (tag 2): no payload. The keeper stops taking challenges and replicas; its bond comes back after the
// unbonding delay.
import { noTransferRejection, type PayloadCodec } from '../kind.js';

export interface KeeperExitPayload {
  readonly kind: 'keeper-exit';
}

export const keeperExitCodec: PayloadCodec<KeeperExitPayload> = {
  tag: 2,
  maxBytes: 0,
  write: () => undefined,
  read: () => ({ kind: 'keeper-exit' }),
  stateless: (_params, tx) => noTransferRejection(tx),
};
