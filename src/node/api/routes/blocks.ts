// GET /api/blocks/:id (one block by height or hash, with its transactions, architecture, threshold and this node's
// verification time), GET /api/blocks/:id/derivation (how its work hash drove the grammar) and
// GET /api/blocks?from=&count= (a bounded run of main-chain headers).
import { fromHex } from '../../../codec/hex.js';
import { threshold } from '../../../consensus/threshold.js';
import { notFound } from '../errors.js';
import type { NodeApi, StoredBlock } from '../node-api.js';
import type { ApiRoute } from '../route.js';
import { arrayOf, object, UINT } from '../schema.js';
import { BLOCK, blockView } from '../views/block.js';
import { DERIVATION, derivationView } from '../views/derivation.js';
import { HEADER_PROPERTIES, headerView } from '../views/header.js';

export const MAX_BLOCK_RANGE = 100;

const BLOCK_ID = {
  type: 'string',
  pattern: '^([0-9]{1,15}|[0-9a-fA-F]{64})$',
  description: 'a height (decimal) or a block hash (64 hex digits)',
};

const HEADERS = object({
  blocks: arrayOf(object({ ...HEADER_PROPERTIES, txCount: UINT }, 'a main-chain header and its transaction count')),
});

/** A height or a hash, as BLOCK_ID admits; a 404 when the node has no such block. */
async function findBlock(node: NodeApi, id: string): Promise<StoredBlock> {
  const found = await (id.length === 64 ? node.blockByHash(fromHex('id', id)) : node.blockAt(Number(id)));
  if (!found) throw notFound(`block ${id}`);
  return found;
}

export function blockRoutes(node: NodeApi): ApiRoute[] {
  const one: ApiRoute<{ id: string }> = {
    method: 'GET',
    url: '/api/blocks/:id',
    summary: 'a block by height or hash, with its transactions, architecture and score',
    params: object({ id: BLOCK_ID }),
    response: BLOCK,
    async handler({ params: { id } }) {
      const found = await findBlock(node, id);
      const { header } = found.block;
      const parent = header.height > 0 ? await node.blockByHash(header.parentHash) : undefined;
      const bar = parent
        ? threshold(node.rulesOf(header).problem.threshold, parent.block.header, header.timestamp)
        : null;
      return blockView(found, node.architecture(header), bar, node.verification(found.hash));
    },
  };
  const derivation: ApiRoute<{ id: string }> = {
    method: 'GET',
    url: '/api/blocks/:id/derivation',
    summary: "how a block's work hash chose each alternative of the grammar, ending in its phenotype",
    params: object({ id: BLOCK_ID }),
    response: DERIVATION,
    async handler({ params: { id } }) {
      const derived = node.derivation((await findBlock(node, id)).block.header);
      if (!derived) throw notFound(`a derivation for genesis, which trains nothing`);
      return derivationView(derived);
    },
  };
  const range: ApiRoute<unknown, { from?: number; count: number }> = {
    method: 'GET',
    url: '/api/blocks',
    summary: `main-chain headers from a height, in order (at most ${MAX_BLOCK_RANGE}); the latest ones without from`,
    query: {
      type: 'object',
      properties: {
        from: { ...UINT, maximum: Number.MAX_SAFE_INTEGER, description: 'first height' },
        count: { type: 'integer', minimum: 1, maximum: MAX_BLOCK_RANGE, default: 20 },
      },
    },
    response: HEADERS,
    async handler({ query: { from, count } }) {
      const head = node.head().height;
      const start = from ?? Math.max(0, head - count + 1);
      const blocks = [];
      for (let h = start; h <= Math.min(head, start + count - 1); h++) {
        const found = await node.blockAt(h);
        if (found) blocks.push({ ...headerView(found.block.header), txCount: found.block.txs.length });
      }
      return { blocks };
    },
  };
  return [one, derivation, range];
}
