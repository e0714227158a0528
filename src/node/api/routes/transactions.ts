// GET /api/tx/:hash (mined or pending), POST /api/tx (submit a signed transaction) and GET /api/mempool (by fee rate).
import { fromHex, toHex } from '../../../codec/hex.js';
import { decodeTransaction, MAX_TRANSACTION_BYTES } from '../../../chain/transaction.js';
import { higherFeeRate, poolEntry } from '../../mempool/entry.js';
import { ApiError, notFound } from '../errors.js';
import type { NodeApi } from '../node-api.js';
import type { ApiRoute } from '../route.js';
import { arrayOf, HASH, hashParam, nullable, object, UINT } from '../schema.js';
import { TX_PROPERTIES, txView } from '../views/transaction.js';

/** The longest transaction encoding (2525 bytes: a storage proof at its largest). */
export const MAX_TX_BYTES = MAX_TRANSACTION_BYTES;
/** The body of POST /api/tx: {"tx":"<hex>"} of the longest transaction, and room for whitespace. */
export const TX_BODY_LIMIT = 2 * MAX_TX_BYTES + 256;
export const MEMPOOL_LISTING_LIMIT = 1000;

const LOCATED_TX = object({
  ...TX_PROPERTIES,
  status: { type: 'string', enum: ['mined', 'pending'] },
  block: nullable(object({ hash: HASH, height: UINT, index: UINT }, 'where it was mined; null while pending')),
});

export function transactionRoutes(node: NodeApi): ApiRoute[] {
  const get: ApiRoute<{ hash: string }> = {
    method: 'GET',
    url: '/api/tx/:hash',
    summary: 'a transaction by hash, in a main-chain block or pending in the mempool',
    params: object({ hash: hashParam('transaction hash') }),
    response: LOCATED_TX,
    async handler({ params: { hash } }) {
      const found = await node.transaction(fromHex('hash', hash));
      if (!found) throw notFound(`transaction ${hash}`);
      const block =
        found.status === 'mined' ? { hash: toHex(found.blockHash), height: found.height, index: found.index } : null;
      return { ...txView(found.tx), status: found.status, block };
    },
  };
  const submit: ApiRoute<unknown, unknown, { tx: string }> = {
    method: 'POST',
    url: '/api/tx',
    summary: 'submit a signed transaction to the mempool (and the network)',
    body: object({
      tx: {
        type: 'string',
        pattern: '^[0-9a-fA-F]*$',
        maxLength: 2 * MAX_TX_BYTES,
        description: 'the signed encoding, hex',
      },
    }),
    bodyLimit: TX_BODY_LIMIT,
    rateLimited: true,
    response: object({ hash: HASH }),
    async handler({ body }) {
      const result = await node.submitTransaction(decodeTransaction(fromHex('tx', body.tx)));
      if (!result.accepted) throw new ApiError(400, result.message, result.code);
      return { hash: toHex(result.hash) };
    },
  };
  const mempool: ApiRoute = {
    method: 'GET',
    url: '/api/mempool',
    summary: `pooled transactions by fee rate, highest first (the first ${MEMPOOL_LISTING_LIMIT}), and their count`,
    response: object({
      size: UINT,
      txs: arrayOf(
        object({ ...TX_PROPERTIES, size: { ...UINT, description: 'encoded bytes: fee rate = fee / size' } }),
      ),
    }),
    handler() {
      const pending = node.pending().map(poolEntry);
      pending.sort((a, b) => (higherFeeRate(a, b) ? -1 : higherFeeRate(b, a) ? 1 : 0));
      const txs = pending.slice(0, MEMPOOL_LISTING_LIMIT).map((e) => ({ ...txView(e.tx), size: e.size }));
      return { size: pending.length, txs };
    },
  };
  return [get, submit, mempool];
}
