// Gossip topic names. The chain id and a genesis hash prefix are part of every name, so nodes of different chains
// (or of a re-genesised chain with the same id) never share a mesh.
import { toHex } from '../../codec/hex.js';

export const GOSSIP_KINDS = ['transactions', 'blocks', 'candidates'] as const;
export type GossipKind = (typeof GOSSIP_KINDS)[number];

/** Bytes of the genesis hash that go into a topic name: 8 bytes make an accidental collision negligible. */
const GENESIS_PREFIX_BYTES = 8;

export function gossipTopic(kind: GossipKind, chainId: number, genesisHash: Uint8Array): string {
  return `/coinai/${chainId}-${toHex(genesisHash.subarray(0, GENESIS_PREFIX_BYTES))}/${kind}/1`;
}
