// A head state with one active keeper holding one replica of an object, challenged in epoch 1 (challenge block 4),
// built from the chain's own record encoders, for the keeper and miner tests.
import { accountRecord } from '../../../../src/chain/account.js';
import { epochRecord } from '../../../../src/chain/storage/epoch.js';
import { keeperRecord } from '../../../../src/chain/storage/keepers.js';
import { OBJECT_LIST, listRecords } from '../../../../src/chain/storage/lists.js';
import { objectRecord } from '../../../../src/chain/storage/objects.js';
import { State } from '../../../../src/chain/state.js';
import type { Address } from '../../../../src/crypto/address.js';

export const CHALLENGE_HEIGHT = 4;

export function challengedState(keeper: Address, root: Uint8Array, size: number, funded: readonly Address[] = []) {
  return State.empty.update([
    accountRecord(keeper, { balance: 1_000_000n, nonce: 0 }),
    ...funded.map((a) => accountRecord(a, { balance: 1_000_000n, nonce: 0 })),
    keeperRecord(keeper, {
      status: 'active',
      capacity: 1 << 30,
      used: size,
      bond: 1000n,
      peerId: new Uint8Array(38),
      registered: 1,
      unbondAt: 0,
      proofs: 0,
      misses: 0,
      earned: 0n,
      burnt: 0n,
    }),
    objectRecord(root, {
      kind: 'model',
      size,
      replication: 3,
      created: 2,
      replicas: [{ keeper, assigned: 2, strikes: 0, lastProof: 0 }],
    }),
    ...listRecords(OBJECT_LIST, [root]),
    epochRecord({ epoch: 1, height: CHALLENGE_HEIGHT, seed: new Uint8Array(64).fill(9) }),
  ]);
}
