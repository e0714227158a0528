// Challenges: in epoch e (challenge block c = e·E, seed = the work hash of block c) every replica assigned before c
// whose keeper is active must prove segment
//   uint64 BE(SHA3-256(utf8("coinai-challenge-v1") ‖ seed ‖ root ‖ keeper)[0..8]) mod segmentCount(size)
// of its object in a storage-proof transaction of a block c < h ≤ c + D.
import { bytesEqual } from '../../codec/hex.js';
import { utf8Bytes } from '../../codec/bytes.js';
import type { Address } from '../../crypto/address.js';
import { sha3_256 } from '../../crypto/hash.js';
import { segmentCount } from '../../crypto/segment-tree.js';
import type { RecordReader } from '../namespace.js';
import type { ChainParams } from '../params.js';
import { currentEpoch } from './epoch.js';
import { keeperOf } from './keepers.js';
import { storedObject, type Replica } from './objects.js';

const CHALLENGE_DOMAIN = utf8Bytes('coinai-challenge-v1');

export function challengeSegment(seed: Uint8Array, root: Uint8Array, keeper: Address, size: number): number {
  const h = sha3_256(CHALLENGE_DOMAIN, seed, root, keeper);
  const x = new DataView(h.buffer, h.byteOffset, 8).getBigUint64(0, false);
  return Number(x % BigInt(segmentCount(size)));
}

export interface Challenge {
  readonly epoch: number;
  readonly segment: number;
  /** The last height whose block may carry the proof. */
  readonly windowEnd: number;
}

/**
 * The open challenge of `keeper`'s replica of `root` in the current epoch; undefined when it has none or has already
 * proven it. Whether the window is still open depends on the height the proof would go in (≤ windowEnd).
 */
export function challengeOf(
  params: ChainParams,
  state: RecordReader,
  root: Uint8Array,
  keeper: Address,
): Challenge | undefined {
  const epoch = currentEpoch(state);
  const object = storedObject(state, root);
  const replica = object?.replicas.find((r) => bytesEqual(r.keeper, keeper));
  if (!epoch || !object || !replica || keeperOf(state, keeper)?.status !== 'active') return undefined;
  if (replica.assigned >= epoch.height || replica.lastProof === epoch.epoch) return undefined;
  return {
    epoch: epoch.epoch,
    segment: challengeSegment(epoch.seed, root, keeper, object.size),
    windowEnd: epoch.height + params.storage.challengeWindow,
  };
}

/** The replicas of `root` held by active keepers without a strike: those the chain has no reason to doubt. */
export function liveReplicas(state: RecordReader, root: Uint8Array): Replica[] {
  return (storedObject(state, root)?.replicas ?? []).filter(
    (r) => r.strikes === 0 && keeperOf(state, r.keeper)?.status === 'active',
  );
}
