// Proof of storage at the head (docs/PROTOCOL.md 6): GET /api/keepers (every keeper), GET /api/keepers/:address
// (one, with its replicas and open challenges), GET /api/storage/:id (an object by root, or a block's model by
// height: its replicas, their strikes, last proofs and challenges, live or not) and GET /api/storage (the summary:
// objects, the under-replicated ones, the epoch, the parameters). Each request reads one head state, so what it
// answers is consistent even while blocks arrive.
import { fromHex } from '../../../codec/hex.js';
import { formatAddress, parseAddress } from '../../../crypto/address.js';
import { ApiError, notFound } from '../errors.js';
import type { NodeApi } from '../node-api.js';
import type { StorageHead } from '../views/storage.js';
import type { ApiRoute } from '../route.js';
import { arrayOf, object } from '../schema.js';
import {
  KEEPER,
  KEEPER_DETAIL,
  keeperDetailView,
  keeperViews,
  STORAGE_SUMMARY,
  storageSummaryView,
  STORED_OBJECT,
  storedObjectView,
} from '../views/storage.js';

const ADDRESS_PARAM = object({ address: { type: 'string', maxLength: 64, description: 'keeper address (cai…)' } });

const OBJECT_ID = {
  type: 'string',
  pattern: '^([0-9]{1,15}|[0-9a-fA-F]{64})$',
  description: "a block height (its model) or an object's root (64 hex digits)",
};

/** The head's state, its height and the chain's parameters, read together. */
export const storageHead = (node: NodeApi): StorageHead => ({
  params: node.params,
  state: node.state(),
  height: node.head().height,
});

export function storageRoutes(node: NodeApi): ApiRoute[] {
  const keepers: ApiRoute = {
    method: 'GET',
    url: '/api/keepers',
    summary: 'every keeper: status, capacity, used, bond, proofs, misses, earnings, penalties, peer id, objects held',
    response: object({ keepers: arrayOf(KEEPER) }),
    handler: () => ({ keepers: keeperViews(node.state()) }),
  };
  const keeper: ApiRoute<{ address: string }> = {
    method: 'GET',
    url: '/api/keepers/:address',
    summary: 'a keeper, with its replicas and their open challenges',
    params: ADDRESS_PARAM,
    response: KEEPER_DETAIL,
    handler({ params }) {
      const address = parseAddress(params.address);
      const found = keeperDetailView(storageHead(node), address);
      if (!found) throw notFound(`keeper ${formatAddress(address)}`);
      return found;
    },
  };
  const stored: ApiRoute<{ id: string }> = {
    method: 'GET',
    url: '/api/storage/:id',
    summary: "a stored object (by root, or a block's model by height): its replicas, strikes, proofs, challenges",
    params: object({ id: OBJECT_ID }),
    response: STORED_OBJECT,
    async handler({ params: { id } }) {
      const at = storageHead(node);
      let root: Uint8Array;
      if (id.length === 64) root = fromHex('id', id);
      else {
        const found = await node.blockAt(Number(id));
        if (!found) throw notFound(`block ${id}`);
        if (found.block.header.modelSize === 0) throw new ApiError(404, `block ${id} has no model`);
        root = found.block.header.modelRoot;
      }
      const view = storedObjectView(at, root);
      if (!view) throw notFound(`stored object ${id}`);
      return view;
    },
  };
  const summary: ApiRoute = {
    method: 'GET',
    url: '/api/storage',
    summary: 'storage at the head: objects, bytes, keepers, the under-replicated objects, the epoch, the parameters',
    response: STORAGE_SUMMARY,
    handler: () => storageSummaryView(storageHead(node)),
  };
  return [keepers, keeper, stored, summary];
}
