// Whom to fetch a stored object from (docs/NETWORK.md "Model files"): its keepers first, by the peer ids of their
// keeper records, then every other connected peer. An object the state has no record of yet (a synced block's
// model, whose object the block itself creates) takes every keeper that is not expelled: placement may have chosen
// any of them.
import type { RecordReader } from '../../chain/namespace.js';
import { keeperOf } from '../../chain/storage/keepers.js';
import { keeperAddresses } from '../../chain/storage/lists.js';
import { storedObject } from '../../chain/storage/objects.js';
import type { Network } from '../p2p/network.js';
import { peerIdText } from './peer-id.js';

/** The peer ids of the keepers that may hold `root`, in the state's order (replicas sorted by keeper address). */
export function keeperPeers(state: RecordReader, root: Uint8Array): string[] {
  const object = storedObject(state, root);
  const keepers = object ? object.replicas.map((r) => r.keeper) : keeperAddresses(state);
  return keepers.flatMap((address) => {
    const keeper = keeperOf(state, address);
    if (!keeper || keeper.status === 'expelled') return [];
    try {
      return [peerIdText(keeper.peerId)];
    } catch {
      return []; // a record whose bytes are not a peer id: nobody to ask there
    }
  });
}

/**
 * The peers to ask for `root`, in order: its connected keepers; then, when the state records the object, its other
 * keepers (a request dials them by peer id: the address book knows the peers this node met); then `also` (a synced
 * block's sender) and the other connected peers; last, for an object the state has no record of yet, the keepers
 * not connected (guesses, and a dial to an offline one costs a timeout). Never this node itself.
 */
export function objectSources(
  state: RecordReader,
  root: Uint8Array,
  network: Network,
  also: readonly string[] = [],
): string[] {
  const connected = network.peers().map((p) => p.id);
  const keepers = keeperPeers(state, root);
  const near = keepers.filter((id) => connected.includes(id));
  const far = keepers.filter((id) => !connected.includes(id));
  const recorded = storedObject(state, root) !== undefined;
  const order = [...near, ...(recorded ? far : []), ...also, ...connected, ...(recorded ? [] : far)];
  return [...new Set(order)].filter((id) => id !== network.peerId);
}
