// The status handshake message: which chain a node follows and where its head is. Peers exchange it on connect;
// one on another chain id or genesis is disconnected.
import { Reader } from '../../codec/reader.js';
import { Writer } from '../../codec/writer.js';
import { bytesEqual, toHex } from '../../codec/hex.js';
import { HASH_LENGTH } from '../../chain/header.js';
import { MAX_CHAIN_ID } from '../../chain/params.js';

export interface Head {
  readonly height: number;
  readonly hash: Uint8Array;
  /** Fork-choice weight of the chain ending at this head, so a syncing node can pick the heaviest peer. */
  readonly totalWeight: bigint;
}

export interface Status {
  readonly chainId: number;
  readonly genesisHash: Uint8Array;
  readonly head: Head;
}

// chainId ≤ 5 varint bytes, two hashes, height ≤ 8, totalWeight ≤ 19 (128 bits).
export const STATUS_MAX_BYTES = 5 + 2 * HASH_LENGTH + 8 + 19;

export function encodeStatus(s: Status): Uint8Array {
  return new Writer()
    .varint('chainId', s.chainId, 32)
    .fixed('genesisHash', s.genesisHash, HASH_LENGTH)
    .varint('head.height', s.head.height, 53)
    .fixed('head.hash', s.head.hash, HASH_LENGTH)
    .varint('head.totalWeight', s.head.totalWeight, 128)
    .finish();
}

export function decodeStatus(bytes: Uint8Array): Status {
  const r = new Reader(bytes);
  const status: Status = {
    chainId: r.uint('chainId', MAX_CHAIN_ID),
    genesisHash: r.fixed('genesisHash', HASH_LENGTH),
    head: {
      height: r.uint('head.height', Number.MAX_SAFE_INTEGER),
      hash: r.fixed('head.hash', HASH_LENGTH),
      totalWeight: r.varint('head.totalWeight', 128),
    },
  };
  r.end('status');
  return status;
}

/** Why a peer with status `remote` cannot be on our chain, or undefined when it can. */
export function statusMismatch(local: Status, remote: Status): string | undefined {
  if (remote.chainId !== local.chainId) return `chain id ${remote.chainId}, ours is ${local.chainId}`;
  if (!bytesEqual(remote.genesisHash, local.genesisHash)) return `genesis ${toHex(remote.genesisHash)}`;
  return undefined;
}
