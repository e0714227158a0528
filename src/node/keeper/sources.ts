// Whom to fetch a stored object from (docs/NETWORK.md "Model files"): its keepers first, by the peer ids of their
// keeper records, dialled when not connected, then every other connected peer. An object the state has no record
// of yet (a synced block's model, whose object the block itself creates) takes every keeper that is not expelled:
// placement may have chosen any of them.
import type { Logger } from 'pino';
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
 * The peers to ask for `root`, in order: its keepers (those not connected dialled first, all at once, by peer id:
 * the address book knows the peers this node met), then `also` (a synced block's sender), then the other connected
 * peers; never this node itself.
 */
export async function objectSources(
  state: RecordReader,
  root: Uint8Array,
  network: Network,
  log: Logger,
  also: readonly string[] = [],
): Promise<string[]> {
  const keepers = keeperPeers(state, root).filter((id) => id !== network.peerId);
  const connected = new Set(network.peers().map((p) => p.id));
  await Promise.all(
    keepers
      .filter((id) => !connected.has(id))
      .map((id) =>
        network.connect(`/p2p/${id}`).catch((err) => log.debug({ keeper: id, err }, 'could not dial a keeper')),
      ),
  );
  return [...new Set([...keepers, ...also, ...network.peers().map((p) => p.id)])].filter((id) => id !== network.peerId);
}
