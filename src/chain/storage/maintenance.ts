// The storage part of a block's end, after its transactions and the miner's reward (docs/PROTOCOL.md, "Proof of
// storage"), in this order:
//   (3) the block's model object is created and placed;
//   (4) at a challenge block c = e·E: the new epoch record (seed = the block's work hash);
//   (5) at c + D: every challenged replica not proven in epoch e gets a strike and its keeper pays missPenalty from
//       the bond; at K strikes the replica is dropped and dropPenalty burnt; a keeper left without bond is expelled;
//   (6) replicas of keepers that left in this block (exit, expulsion) are dropped, and (7) at a challenge block
//       every object below its replication, or (any block) one that lost a replica in this block, is re-placed;
//   (8) exiting keepers whose unbonding ends get their bond back; their records leave the state.
// (5) and (6)/(7) each walk the object list once, (8) the keeper list: O(objects + keepers) per block at most.
import { compareBytes } from '../../codec/bytes.js';
import { toHex } from '../../codec/hex.js';
import type { Address } from '../../crypto/address.js';
import { BlockError } from '../errors.js';
import type { Ledger } from '../ledger.js';
import type { StorageParams } from '../params.js';
import { epochRecord } from './epoch.js';
import type { Keeper } from './keepers.js';
import { appendToList, KEEPER_LIST, listEntry, listLength, objectRoots, OBJECT_LIST, removeFromList } from './lists.js';
import type { StoredObject } from './objects.js';
import { place, placementCandidates } from './placement.js';

export interface BlockStorage {
  readonly height: number;
  /** The block's work hash. */
  readonly seed: Uint8Array;
  /** The block's model file, when it has one. */
  readonly model?: { readonly root: Uint8Array; readonly size: number };
  /** Keepers that stopped being active during the block's transactions. */
  readonly leaving: Map<string, Address>;
}

/** Draws keepers for what `object` lacks of its replication and records the assignments. */
function placeReplicas(ledger: Ledger, root: Uint8Array, object: StoredObject, seed: Uint8Array, height: number) {
  const need = object.replication - object.replicas.length;
  if (need <= 0) return;
  const drawn = place(placementCandidates(ledger, object), need, seed, root);
  if (drawn.length === 0) return;
  for (const address of drawn) {
    const k = ledger.keeper(address)!;
    ledger.setKeeper(address, { ...k, used: k.used + object.size });
  }
  const added = drawn.map((keeper) => ({ keeper, assigned: height, strikes: 0, lastProof: 0 }));
  ledger.setObject(root, {
    ...object,
    replicas: [...object.replicas, ...added].sort((a, b) => compareBytes(a.keeper, b.keeper)),
  });
}

/** `amount` (at most what is left) burnt from the bond; a keeper left without bond is expelled. */
function burn(k: Keeper, amount: bigint): Keeper {
  const taken = amount < k.bond ? amount : k.bond;
  const bond = k.bond - taken;
  return { ...k, bond, burnt: k.burnt + taken, status: bond === 0n ? 'expelled' : k.status };
}

export function endBlockStorage(params: StorageParams, ledger: Ledger, block: BlockStorage): void {
  const { height, seed, leaving } = block;
  const isChallenge = height % params.epochLength === 0;
  if (block.model) {
    const { root, size } = block.model;
    if (ledger.object(root)) throw new BlockError('duplicate-object', `the object ${toHex(root)} is already stored`);
    const object: StoredObject = {
      kind: 'model',
      size,
      replication: params.replication,
      created: height,
      replicas: [],
    };
    ledger.setObject(root, object);
    ledger.set(...appendToList(ledger, OBJECT_LIST, root));
    placeReplicas(ledger, root, object, seed, height);
  }
  if (isChallenge) ledger.set(epochRecord({ epoch: height / params.epochLength, height, seed }));

  const lost = new Set<string>();
  const challenge = height - params.challengeWindow;
  if (challenge >= params.epochLength && challenge % params.epochLength === 0) {
    const epoch = challenge / params.epochLength;
    for (const root of objectRoots(ledger)) {
      const object = ledger.object(root)!;
      const replicas = [];
      let struck = false;
      for (const r of object.replicas) {
        const k = ledger.keeper(r.keeper)!;
        if (r.assigned >= challenge || k.status !== 'active' || r.lastProof === epoch) {
          replicas.push(r);
          continue;
        }
        struck = true;
        const strikes = r.strikes + 1;
        let after = { ...burn(k, params.missPenalty), misses: k.misses + 1 };
        if (strikes >= params.maxStrikes) {
          after = { ...burn(after, params.dropPenalty), used: after.used - object.size };
          lost.add(toHex(root));
        } else replicas.push({ ...r, strikes });
        if (after.status === 'expelled') leaving.set(toHex(r.keeper), r.keeper);
        ledger.setKeeper(r.keeper, after);
      }
      if (struck) ledger.setObject(root, { ...object, replicas }); // untouched records stay out of the undo record
    }
  }

  if (isChallenge || leaving.size > 0 || lost.size > 0) {
    for (const root of objectRoots(ledger)) {
      let object = ledger.object(root)!;
      const kept = object.replicas.filter((r) => !leaving.has(toHex(r.keeper)));
      for (const r of object.replicas) {
        if (!leaving.has(toHex(r.keeper))) continue;
        const k = ledger.keeper(r.keeper)!;
        ledger.setKeeper(r.keeper, { ...k, used: k.used - object.size });
      }
      const dropped = kept.length < object.replicas.length || lost.has(toHex(root));
      if (kept.length < object.replicas.length) ledger.setObject(root, (object = { ...object, replicas: kept }));
      if (isChallenge || dropped) placeReplicas(ledger, root, object, seed, height);
    }
  }

  for (let i = listLength(ledger, KEEPER_LIST) - 1; i >= 0; i--) {
    const address = listEntry(ledger, KEEPER_LIST, i);
    const k = ledger.keeper(address)!;
    if (k.status !== 'exiting' || k.unbondAt > height) continue;
    ledger.credit(address, k.bond);
    ledger.setKeeper(address, undefined);
    ledger.set(...removeFromList(ledger, KEEPER_LIST, i));
  }
}
