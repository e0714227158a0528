// The work hash H that selects a block's architecture. Binding the miner's address means a rival cannot re-use a
// candidate: its H, and so its architecture, differ.
//   H = SHA3-512(parentHash[32] ‖ txRoot[32] ‖ miner[20] ‖ nonce as 8 bytes big-endian)
import { sha3_512 } from '../crypto/hash.js';

export function workHash(parentHash: Uint8Array, txRoot: Uint8Array, miner: Uint8Array, nonce: bigint): Uint8Array {
  if (nonce < 0n || nonce >= 1n << 64n) throw new RangeError(`nonce ${nonce} is outside 0..2^64-1`);
  const n = new Uint8Array(8);
  new DataView(n.buffer).setBigUint64(0, nonce, false);
  return sha3_512(parentHash, txRoot, miner, n);
}
