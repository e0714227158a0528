// The work hash H of a block: it selects the block's architecture (src/consensus/derive-architecture.ts) and seeds
// its placements and, at a challenge block, the epoch's challenges. Binding the miner's address means a rival cannot
// re-use a candidate: its H, and so its architecture, differ; grinding H means training again.
//   H = SHA3-512(parentHash[32] ‖ txRoot[32] ‖ miner[20] ‖ nonce as 8 bytes big-endian)
// On a nonce-free chain (ChainParams.nonceFree, the paper's section IX) the nonce is left out:
//   H = SHA3-512(parentHash[32] ‖ txRoot[32] ‖ miner[20])
// so a miner varies the transaction set, its order or its reward address instead (src/node/miner/works.ts).
import { sha3_512 } from '../crypto/hash.js';
import type { BlockHeader } from './header.js';
import type { ChainParams } from './params.js';

export const WORK_HASH_LENGTH = 64;

/** `nonce` undefined: the nonce-free form. */
export function workHash(
  parentHash: Uint8Array,
  txRoot: Uint8Array,
  miner: Uint8Array,
  nonce: bigint | undefined,
): Uint8Array {
  if (nonce === undefined) return sha3_512(parentHash, txRoot, miner);
  if (nonce < 0n || nonce >= 1n << 64n) throw new RangeError(`nonce ${nonce} is outside 0..2^64-1`);
  const n = new Uint8Array(8);
  new DataView(n.buffer).setBigUint64(0, nonce, false);
  return sha3_512(parentHash, txRoot, miner, n);
}

export type WorkFields = Pick<BlockHeader, 'parentHash' | 'txRoot' | 'miner' | 'nonce'>;

/** The work hash of a header's own fields under the chain's mode: the nonce does not enter on a nonce-free chain. */
export function headerWorkHash(params: Pick<ChainParams, 'nonceFree'>, h: WorkFields): Uint8Array {
  return workHash(h.parentHash, h.txRoot, h.miner, params.nonceFree ? undefined : h.nonce);
}
