// GET /api/search?q=: what a search box was given: a height, a block hash, a transaction hash (mined or pending), a
// model root (the block that committed to it), a proposal id or an address. Answers the kind and the id of the page
// to show.
import { proposalOf } from '../../../chain/governance/proposals.js';
import { fromHex, toHex } from '../../../codec/hex.js';
import { formatAddress, parseAddress } from '../../../crypto/address.js';
import { ApiError, notFound } from '../errors.js';
import type { NodeApi } from '../node-api.js';
import type { ApiRoute } from '../route.js';
import { object } from '../schema.js';

const FOUND = object({
  kind: { type: 'string', enum: ['block', 'tx', 'proposal', 'address'] },
  id: { type: 'string', description: 'a height or hash (block), a hash (tx), a proposal id or an address' },
});

type Found = { kind: 'block' | 'tx' | 'proposal' | 'address'; id: string };

export type SearchJson = Found;

async function search(node: NodeApi, q: string): Promise<Found> {
  if (/^[0-9]{1,15}$/.test(q)) {
    if (await node.blockAt(Number(q))) return { kind: 'block', id: q };
    throw notFound(`block at height ${q}`);
  }
  if (/^[0-9a-fA-F]{64}$/.test(q)) {
    const hash = fromHex('q', q);
    const id = toHex(hash);
    if (await node.blockByHash(hash)) return { kind: 'block', id };
    if (await node.transaction(hash)) return { kind: 'tx', id };
    const committed = await node.blockByModelRoot(hash);
    if (committed) return { kind: 'block', id: toHex(committed.hash) };
    if (proposalOf(node.state(), hash)) return { kind: 'proposal', id };
    throw notFound(`block, transaction, model root or proposal ${id}`);
  }
  if (q.startsWith('cai')) return { kind: 'address', id: formatAddress(parseAddress(q, 'q')) };
  throw new ApiError(
    400,
    'search for a height, a block or transaction hash (64 hex digits), a model root, a proposal id or an address',
  );
}

export function searchRoutes(node: NodeApi): ApiRoute[] {
  const route: ApiRoute<unknown, { q: string }> = {
    method: 'GET',
    url: '/api/search',
    summary: 'find a block (height, hash, model root), a transaction (hash), a proposal (id) or an address',
    query: object({ q: { type: 'string', minLength: 1, maxLength: 100, description: 'what to look for' } }),
    response: FOUND,
    handler: ({ query }) => search(node, query.q.trim()),
  };
  return [route];
}
