// Model files for a command that runs no node (`coinai chain verify --bootstrap`): the local file when this data
// directory keeps it, else fetched from peers (the object's keepers first, sources.ts) over a network that serves
// nothing and is joined only to fetch. The size comes from the object's record in the head state.
import type { Logger } from 'pino';
import { blockHash } from '../../chain/header.js';
import { storedObject } from '../../chain/storage/objects.js';
import type { ChainManager } from '../chain/chain-manager.js';
import { ModelFetcher, ModelNotFound } from '../models/model-fetch.js';
import { Network } from '../p2p/network.js';
import { objectSources } from './sources.js';

export interface RemoteModels {
  get(root: Uint8Array): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}

/** How long to wait for a first peer before fetching anything. */
const FIRST_PEER_MS = 15_000;

export async function remoteModels(
  dataDir: string,
  chain: ChainManager,
  bootstrap: readonly string[],
  log: Logger,
): Promise<RemoteModels> {
  const { store, rules } = chain;
  const network = await Network.create({
    dataDir,
    port: 0,
    bootstrap,
    chainId: rules.params.chainId,
    genesisHash: blockHash((await store.blockAt(0))!.header),
    head: () => ({
      height: chain.head.height,
      hash: blockHash(chain.head),
      totalWeight: 0n, // claims no weight: nobody syncs from a node that only fetches
    }),
    handlers: { gossip: {}, blocksByRange: () => [], chunk: () => undefined },
    log,
  });
  const fetcher = new ModelFetcher(() => network);
  const firstPeer = new Promise<void>((resolve) => {
    if (network.peers().length > 0) return resolve();
    network.events.once('peer:connected', () => resolve());
    setTimeout(resolve, FIRST_PEER_MS).unref();
  });
  return {
    async get(root) {
      const local = await chain.models.get(root);
      const object = storedObject(store.state, root);
      if (local || !object) return local;
      await firstPeer;
      const peers = objectSources(store.state, root, network);
      const ref = { modelRoot: root, modelSize: object.size };
      return fetcher
        .fetchFromAny(peers, ref, object.size) // the state's record bounds it, whichever problem the block had
        .catch((err) => (err instanceof ModelNotFound ? undefined : Promise.reject(err)));
    },
    close: () => network.stop(),
  };
}
