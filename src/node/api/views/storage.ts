// Proof of storage as JSON (docs/PROTOCOL.md 2.6, 6): keepers, stored objects and their replicas, the open
// challenge of each assignment, and a summary. Amounts are decimal strings, sizes bytes, roots hex, epochs numbers
// (0: none).
import { toHex } from '../../../codec/hex.js';
import { formatAddress, type Address } from '../../../crypto/address.js';
import type { ChainParams } from '../../../chain/params.js';
import type { State } from '../../../chain/state.js';
import { challengeOf, liveReplicas } from '../../../chain/storage/challenge.js';
import { currentEpoch } from '../../../chain/storage/epoch.js';
import { keeperOf, type Keeper } from '../../../chain/storage/keepers.js';
import { keeperAddresses, objectRoots } from '../../../chain/storage/lists.js';
import { storedObject, type StoredObject } from '../../../chain/storage/objects.js';
import { PeerIdError, peerIdText } from '../../keeper/peer-id.js';
import { ADDRESS, AMOUNT, arrayOf, HASH, nullable, object, UINT } from '../schema.js';

export interface ChallengeJson {
  readonly epoch: number;
  /** The segment index the keeper must prove. */
  readonly segment: number;
  /** The last height at which its proof is accepted. */
  readonly windowEnd: number;
}

export interface KeeperJson {
  readonly address: string;
  readonly status: 'active' | 'exiting' | 'expelled';
  readonly capacity: number;
  readonly used: number;
  readonly bond: string;
  /** The libp2p peer id it registered (text form); null when its bytes are no peer id. */
  readonly peerId: string | null;
  readonly registered: number;
  /** 0 unless exiting. */
  readonly unbondAt: number;
  readonly proofs: number;
  readonly misses: number;
  readonly earned: string;
  readonly burnt: string;
  /** Objects it is assigned. */
  readonly objects: number;
}

export interface ReplicaJson {
  readonly keeper: string;
  readonly assigned: number;
  readonly strikes: number;
  /** The epoch of its last valid proof; 0 for none. */
  readonly lastProof: number;
  /** Its open challenge; null when none or already proven. */
  readonly challenge: ChallengeJson | null;
  readonly live: boolean;
}

export interface StoredObjectJson {
  readonly root: string;
  readonly kind: 'model' | 'data';
  readonly size: number;
  readonly replication: number;
  readonly created: number;
  readonly replicas: readonly ReplicaJson[];
  /** Replicas that are live. */
  readonly live: number;
  /** Fewer replicas than its replication: waiting for keepers with room (placement retries every epoch). */
  readonly waiting: boolean;
}

/** One of a keeper's assignments: the object and the keeper's replica of it. */
export interface HeldJson extends ReplicaJson {
  readonly root: string;
  readonly kind: 'model' | 'data';
  readonly size: number;
}

export interface KeeperDetailJson extends KeeperJson {
  readonly replicas: readonly HeldJson[];
}

export interface StorageParamsJson {
  readonly replication: number;
  readonly dataReplication: number;
  readonly epochLength: number;
  readonly challengeWindow: number;
  readonly maxStrikes: number;
  readonly minBond: string;
  readonly unbondingDelay: number;
  readonly proofReward: string;
  readonly missPenalty: string;
  readonly dropPenalty: string;
}

/** An object below its replication, as the summary lists it. */
export interface UnderReplicatedJson {
  readonly root: string;
  readonly kind: 'model' | 'data';
  readonly size: number;
  readonly replication: number;
  readonly replicas: number;
  readonly live: number;
}

export interface StorageSummaryJson {
  readonly height: number;
  readonly epoch: { readonly epoch: number; readonly height: number; readonly windowEnd: number } | null;
  readonly objects: number;
  readonly bytes: number;
  readonly keepers: number;
  /** Objects with fewer live replicas than their replication. */
  readonly underReplicated: number;
  /** The first MAX_LISTED of them, in creation order. */
  readonly underReplicatedObjects: readonly UnderReplicatedJson[];
  readonly params: StorageParamsJson;
}

const STATUS = { type: 'string', enum: ['active', 'exiting', 'expelled'] };
const KIND = { type: 'string', enum: ['model', 'data'] };
const EPOCH = { ...UINT, description: 'epoch number; 0 for none' };
const SIZE = { ...UINT, description: 'bytes' };

const CHALLENGE = nullable(
  object(
    {
      epoch: UINT,
      segment: { ...UINT, description: 'the segment index to prove' },
      windowEnd: { ...UINT, description: 'last height at which the proof is accepted' },
    },
    'the open challenge; null when none or already proven',
  ),
);

const KEEPER_PROPERTIES = {
  address: ADDRESS,
  status: STATUS,
  capacity: SIZE,
  used: { ...SIZE, description: 'bytes assigned' },
  bond: AMOUNT,
  peerId: nullable({ type: 'string', description: 'its libp2p peer id; null when the registered bytes are none' }),
  registered: { ...UINT, description: 'height of its keeper-register' },
  unbondAt: { ...UINT, description: 'height its bond is paid back; 0 unless exiting' },
  proofs: { ...UINT, description: 'valid storage proofs' },
  misses: { ...UINT, description: 'missed proofs' },
  earned: { ...AMOUNT, description: 'proof rewards received' },
  burnt: { ...AMOUNT, description: 'bond burnt by penalties' },
  objects: { ...UINT, description: 'objects it is assigned' },
};

const REPLICA_PROPERTIES = {
  keeper: ADDRESS,
  assigned: { ...UINT, description: 'height of the assignment' },
  strikes: { ...UINT, description: 'missed proofs since its last valid one' },
  lastProof: { ...EPOCH, description: 'epoch of its last valid proof; 0 for none' },
  challenge: CHALLENGE,
  live: { type: 'boolean', description: 'its keeper is active and it has not missed its last challenge' },
};

export const KEEPER = object(KEEPER_PROPERTIES, 'a keeper');

export const KEEPER_DETAIL = object(
  {
    ...KEEPER_PROPERTIES,
    replicas: arrayOf(
      object(
        { root: HASH, kind: KIND, size: SIZE, ...REPLICA_PROPERTIES },
        'an object it is assigned, and its replica',
      ),
    ),
  },
  'a keeper, with its replicas and their open challenges',
);

export const STORED_OBJECT = object(
  {
    root: { ...HASH, description: 'segment root of the file' },
    kind: KIND,
    size: SIZE,
    replication: { ...UINT, description: 'replicas it should have' },
    created: { ...UINT, description: 'height of the block that created it (0: genesis)' },
    replicas: arrayOf(object(REPLICA_PROPERTIES, 'a replica, by keeper address')),
    live: { ...UINT, description: 'live replicas' },
    waiting: { type: 'boolean', description: 'fewer replicas than its replication: waiting for keepers with room' },
  },
  'a stored object and its replicas',
);

export const STORAGE_SUMMARY = object({
  height: { ...UINT, description: 'the head this describes' },
  epoch: nullable(
    object(
      { epoch: UINT, height: { ...UINT, description: 'its challenge block' }, windowEnd: UINT },
      'the latest challenge epoch; null before the first',
    ),
  ),
  objects: UINT,
  bytes: { ...SIZE, description: 'bytes of every object together' },
  keepers: { ...UINT, description: 'keepers with a record' },
  underReplicated: { ...UINT, description: 'objects with fewer live replicas than their replication' },
  underReplicatedObjects: arrayOf(
    object({ root: HASH, kind: KIND, size: SIZE, replication: UINT, replicas: UINT, live: UINT }),
  ),
  params: object({
    replication: UINT,
    dataReplication: UINT,
    epochLength: UINT,
    challengeWindow: UINT,
    maxStrikes: UINT,
    minBond: AMOUNT,
    unbondingDelay: UINT,
    proofReward: AMOUNT,
    missPenalty: AMOUNT,
    dropPenalty: AMOUNT,
  }),
});

/** Under-replicated objects the summary lists; the count covers them all. */
export const MAX_LISTED = 100;

/** What a view needs beyond single records: which objects each keeper holds, and which objects are short of live
 * replicas. A scan of every object (one per block), so made once per head state and kept while it is the head. */
interface StorageIndex {
  readonly held: Map<string, Uint8Array[]>;
  readonly underReplicated: Uint8Array[];
  readonly bytes: number;
  readonly objects: number;
}

let indexed: { readonly state: State; readonly index: StorageIndex } | undefined;

function storageIndex(state: State): StorageIndex {
  if (indexed?.state === state) return indexed.index;
  const held = new Map<string, Uint8Array[]>();
  const underReplicated: Uint8Array[] = [];
  let bytes = 0;
  let objects = 0;
  for (const root of objectRoots(state)) {
    const o = storedObject(state, root)!;
    objects++;
    bytes += o.size;
    for (const r of o.replicas) {
      const key = toHex(r.keeper);
      const list = held.get(key) ?? [];
      list.push(root);
      held.set(key, list);
    }
    if (liveReplicas(state, root).length < o.replication) underReplicated.push(root);
  }
  const index = { held, underReplicated, bytes, objects };
  indexed = { state, index };
  return index;
}

/** The head a view describes: its state, the chain's parameters, and its height (a challenge is open while the next
 * block may still carry its proof). */
export interface StorageHead {
  readonly params: ChainParams;
  readonly state: State;
  readonly height: number;
}

function challengeView(at: StorageHead, root: Uint8Array, keeper: Address): ChallengeJson | null {
  const c = challengeOf(at.params, at.state, root, keeper);
  return c && c.windowEnd > at.height ? { epoch: c.epoch, segment: c.segment, windowEnd: c.windowEnd } : null;
}

function replicaViews(at: StorageHead, root: Uint8Array, o: StoredObject): ReplicaJson[] {
  const live = new Set(liveReplicas(at.state, root).map((r) => toHex(r.keeper)));
  return o.replicas.map((r) => ({
    keeper: formatAddress(r.keeper),
    assigned: r.assigned,
    strikes: r.strikes,
    lastProof: r.lastProof,
    challenge: challengeView(at, root, r.keeper),
    live: live.has(toHex(r.keeper)),
  }));
}

/** The chain checks only a peer id's length: bytes that are none show as null. */
function peerIdOrNull(bytes: Uint8Array): string | null {
  try {
    return peerIdText(bytes);
  } catch (err) {
    if (err instanceof PeerIdError) return null;
    throw err;
  }
}

function keeperView(state: State, address: Address, k: Keeper): KeeperJson {
  return {
    address: formatAddress(address),
    status: k.status,
    capacity: k.capacity,
    used: k.used,
    bond: k.bond.toString(),
    peerId: peerIdOrNull(k.peerId),
    registered: k.registered,
    unbondAt: k.unbondAt,
    proofs: k.proofs,
    misses: k.misses,
    earned: k.earned.toString(),
    burnt: k.burnt.toString(),
    objects: storageIndex(state).held.get(toHex(address))?.length ?? 0,
  };
}

/** Every keeper with a record, in registration order. */
export function keeperViews(state: State): KeeperJson[] {
  return keeperAddresses(state).map((a) => keeperView(state, a, keeperOf(state, a)!));
}

/** A keeper with its replicas (in object creation order); undefined for an address with no keeper record. */
export function keeperDetailView(at: StorageHead, address: Address): KeeperDetailJson | undefined {
  const k = keeperOf(at.state, address);
  if (!k) return undefined;
  const text = formatAddress(address);
  const replicas = (storageIndex(at.state).held.get(toHex(address)) ?? []).map((root): HeldJson => {
    const o = storedObject(at.state, root)!;
    const mine = replicaViews(at, root, o).find((r) => r.keeper === text)!;
    return { root: toHex(root), kind: o.kind, size: o.size, ...mine };
  });
  return { ...keeperView(at.state, address, k), replicas };
}

export function storedObjectView(at: StorageHead, root: Uint8Array): StoredObjectJson | undefined {
  const o = storedObject(at.state, root);
  if (!o) return undefined;
  const replicas = replicaViews(at, root, o);
  return {
    root: toHex(root),
    kind: o.kind,
    size: o.size,
    replication: o.replication,
    created: o.created,
    replicas,
    live: replicas.filter((r) => r.live).length,
    waiting: o.replicas.length < o.replication,
  };
}

export function storageSummaryView({ params, state, height }: StorageHead): StorageSummaryJson {
  const index = storageIndex(state);
  const epoch = currentEpoch(state);
  const s = params.storage;
  return {
    height,
    epoch: epoch ? { epoch: epoch.epoch, height: epoch.height, windowEnd: epoch.height + s.challengeWindow } : null,
    objects: index.objects,
    bytes: index.bytes,
    keepers: keeperAddresses(state).length,
    underReplicated: index.underReplicated.length,
    underReplicatedObjects: index.underReplicated.slice(0, MAX_LISTED).map((root) => {
      const o = storedObject(state, root)!;
      return {
        root: toHex(root),
        kind: o.kind,
        size: o.size,
        replication: o.replication,
        replicas: o.replicas.length,
        live: liveReplicas(state, root).length,
      };
    }),
    params: {
      replication: s.replication,
      dataReplication: s.dataReplication,
      epochLength: s.epochLength,
      challengeWindow: s.challengeWindow,
      maxStrikes: s.maxStrikes,
      minBond: s.minBond.toString(),
      unbondingDelay: s.unbondingDelay,
      proofReward: s.proofReward.toString(),
      missPenalty: s.missPenalty.toString(),
      dropPenalty: s.dropPenalty.toString(),
    },
  };
}
