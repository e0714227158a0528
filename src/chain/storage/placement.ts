// Placement: which keepers hold an object. Each draw i picks one of the eligible keepers (active, not holding the
// object, free capacity ≥ its size, in keeper-list order) with probability proportional to its free capacity:
//   r = uint256(SHA3-256(utf8("coinai-place-v1") ‖ seed ‖ root ‖ u32 BE i)) mod Σ free, then the keeper whose
//   cumulative free capacity first exceeds r.
// The drawn keeper leaves the candidates (draws are without replacement). Pure: every node draws the same keepers.
import { utf8Bytes } from '../../codec/bytes.js';
import { toHex } from '../../codec/hex.js';
import type { Address } from '../../crypto/address.js';
import { sha3_256 } from '../../crypto/hash.js';
import type { RecordReader } from '../namespace.js';
import { keeperAddresses } from './lists.js';
import { keeperOf } from './keepers.js';
import type { StoredObject } from './objects.js';

const PLACE_DOMAIN = utf8Bytes('coinai-place-v1');

export interface Candidate {
  readonly address: Address;
  /** capacity − used, in bytes. */
  readonly free: number;
}

/** The value of draw `i` below `total`. */
export function placementDraw(seed: Uint8Array, root: Uint8Array, i: number, total: bigint): bigint {
  const index = new Uint8Array(4);
  new DataView(index.buffer).setUint32(0, i, false);
  return BigInt('0x' + toHex(sha3_256(PLACE_DOMAIN, seed, root, index))) % total;
}

/** Up to `need` distinct candidates, drawn by free capacity; fewer when fewer are eligible. */
export function place(candidates: readonly Candidate[], need: number, seed: Uint8Array, root: Uint8Array): Address[] {
  const left = candidates.filter((c) => c.free > 0);
  const drawn: Address[] = [];
  for (let i = 0; i < need && left.length > 0; i++) {
    const total = left.reduce((sum, c) => sum + BigInt(c.free), 0n);
    let r = placementDraw(seed, root, i, total);
    let at = 0;
    while (r >= BigInt(left[at].free)) r -= BigInt(left[at++].free);
    drawn.push(left[at].address);
    left.splice(at, 1);
  }
  return drawn;
}

/** The keepers that may receive a replica of `object`: active, not holding it, with room for it; in list order. */
export function placementCandidates(state: RecordReader, object: StoredObject): Candidate[] {
  const holders = new Set(object.replicas.map((r) => toHex(r.keeper)));
  const out: Candidate[] = [];
  for (const address of keeperAddresses(state)) {
    const k = keeperOf(state, address);
    if (!k || k.status !== 'active' || holders.has(toHex(address))) continue;
    const free = k.capacity - k.used;
    if (free >= object.size) out.push({ address, free });
  }
  return out;
}
