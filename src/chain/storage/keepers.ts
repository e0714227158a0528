// The keepers namespace (tag 4): one record per registered keeper, keyed by its address. Encoding:
//   status u8 (0 active, 1 exiting, 2 expelled) ‖ capacity varint(53) ‖ used varint(53) ‖ bond varint(128)
//   ‖ peerId varbytes(≤ 64) ‖ registered varint(53) ‖ unbondAt varint(53) ‖ proofs varint(53) ‖ misses varint(53)
//   ‖ earned varint(128) ‖ burnt varint(128)
import { DecodeError } from '../../codec/errors.js';
import { Reader } from '../../codec/reader.js';
import { Writer } from '../../codec/writer.js';
import { ADDRESS_LENGTH, type Address } from '../../crypto/address.js';
import type { Namespace, RecordChange, RecordReader } from '../namespace.js';
import { AMOUNT_BITS, MAX_UINT } from '../params.js';

export const KEEPERS: Namespace = { tag: 4, name: 'keepers', keyLength: ADDRESS_LENGTH };

/** The longest libp2p peer id a keeper may announce (an identity-hashed ed25519 id is 38 bytes). */
export const MAX_PEER_ID_LENGTH = 64;

export const KEEPER_STATUSES = ['active', 'exiting', 'expelled'] as const;
export type KeeperStatus = (typeof KEEPER_STATUSES)[number];

export interface Keeper {
  readonly status: KeeperStatus;
  /** Bytes it offers. */
  readonly capacity: number;
  /** Bytes of the replicas assigned to it. */
  readonly used: number;
  /** Locked from its balance at registration; penalties burn from it; paid back after an exit's unbonding delay. */
  readonly bond: bigint;
  /** Its libp2p peer id (bytes), so that nodes know whom to fetch its objects from. */
  readonly peerId: Uint8Array;
  /** The height of its registration. */
  readonly registered: number;
  /** The height at whose end the bond is paid back; 0 unless exiting. */
  readonly unbondAt: number;
  readonly proofs: number;
  readonly misses: number;
  /** Proof rewards received. */
  readonly earned: bigint;
  /** Bond burnt by penalties. */
  readonly burnt: bigint;
}

export function encodeKeeper(k: Keeper): Uint8Array {
  return new Writer()
    .varint('status', KEEPER_STATUSES.indexOf(k.status), 8)
    .varint('capacity', k.capacity, 53)
    .varint('used', k.used, 53)
    .varint('bond', k.bond, AMOUNT_BITS)
    .varBytes('peerId', k.peerId, MAX_PEER_ID_LENGTH)
    .varint('registered', k.registered, 53)
    .varint('unbondAt', k.unbondAt, 53)
    .varint('proofs', k.proofs, 53)
    .varint('misses', k.misses, 53)
    .varint('earned', k.earned, AMOUNT_BITS)
    .varint('burnt', k.burnt, AMOUNT_BITS)
    .finish();
}

export function decodeKeeper(bytes: Uint8Array): Keeper {
  const r = new Reader(bytes);
  const status = KEEPER_STATUSES[r.uint('status', KEEPER_STATUSES.length - 1)];
  const k: Keeper = {
    status,
    capacity: r.uint('capacity', MAX_UINT),
    used: r.uint('used', MAX_UINT),
    bond: r.varint('bond', AMOUNT_BITS),
    peerId: r.varBytes('peerId', MAX_PEER_ID_LENGTH),
    registered: r.uint('registered', MAX_UINT),
    unbondAt: r.uint('unbondAt', MAX_UINT),
    proofs: r.uint('proofs', MAX_UINT),
    misses: r.uint('misses', MAX_UINT),
    earned: r.varint('earned', AMOUNT_BITS),
    burnt: r.varint('burnt', AMOUNT_BITS),
  };
  r.end('keeper');
  if (k.used > k.capacity) throw new DecodeError('used', 'exceeds the capacity');
  return k;
}

/** The keeper record of `address`, undefined when it has none. */
export function keeperOf(state: RecordReader, address: Address): Keeper | undefined {
  const value = state.record(KEEPERS, address);
  return value && decodeKeeper(value);
}

/** The change setting (or, with undefined, removing) the keeper record of `address`. */
export function keeperRecord(address: Address, keeper: Keeper | undefined): RecordChange {
  return { ns: KEEPERS, key: address, value: keeper && encodeKeeper(keeper) };
}
