// The keeper's answer to a challenge (docs/PROTOCOL.md 2.6, storage-proof): the challenged segment and its path,
// read from the stored copy (one chunk and the tree: ObjectStore.proof) without checking the copy against the root,
// since a keeper that lets its copy rot is what the chain's verification catches.
import type { RecordReader } from '../../chain/namespace.js';
import type { ChainParams } from '../../chain/params.js';
import { challengeOf } from '../../chain/storage/challenge.js';
import { currentEpoch } from '../../chain/storage/epoch.js';
import type { StorageProofPayload } from '../../chain/tx-payload.js';
import type { Address } from '../../crypto/address.js';
import type { ObjectStore } from '../models/object-store.js';

/**
 * The storage-proof payload `keeper` sends for its replica of `root` on the head at `height`: undefined while it has no open
 * challenge, before the head is `delay` - 1 blocks past the challenge block, once the next block would fall past
 * the window, or when the copy cannot be read.
 */
export async function challengeAnswer(
  params: ChainParams,
  state: RecordReader,
  height: number,
  store: ObjectStore,
  root: Uint8Array,
  keeper: Address,
  delay: number,
): Promise<StorageProofPayload | undefined> {
  const challenge = challengeOf(params, state, root, keeper);
  const epoch = currentEpoch(state);
  if (!challenge || !epoch || height < epoch.height + delay - 1 || height + 1 > challenge.windowEnd) return undefined;
  const proof = await store.proof(root, challenge.segment);
  return proof && { kind: 'storage-proof', root, epoch: challenge.epoch, ...proof };
}
