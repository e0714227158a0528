// GET /api/accounts/:address (the balance and nonce at the head, and the nonce a new transaction should carry) and
// GET /api/accounts/:address/history (its transactions and mined blocks, newest first, a page at a time).
import { bytesEqual, fromHex, toHex } from '../../../codec/hex.js';
import { addressFromPublicKey, formatAddress, parseAddress, type Address } from '../../../crypto/address.js';
import { CURSOR_BYTES, type HistoryRole } from '../../db/tx-index.js';
import type { NodeApi } from '../node-api.js';
import type { ApiRoute } from '../route.js';
import { ADDRESS, AMOUNT, arrayOf, HASH, hexBytes, nullable, object, UINT } from '../schema.js';
import { TX, txView } from '../views/transaction.js';

export const MAX_HISTORY_PAGE = 100;

const ADDRESS_PARAM = object({ address: { type: 'string', maxLength: 64, description: 'address, text form (cai…)' } });

const HISTORY = object({
  entries: arrayOf(
    object({
      height: UINT,
      blockHash: HASH,
      kind: { type: 'string', enum: ['sent', 'received', 'mined'] },
      tx: nullable({ ...TX, description: 'the transaction; null for a mined block (its reward)' }),
    }),
  ),
  next: nullable(hexBytes(CURSOR_BYTES, 'the `before` of the next older page; null after the oldest')),
});

const ACCOUNT = object({
  address: ADDRESS,
  balance: AMOUNT,
  nonce: { ...UINT, description: 'the nonce of its next transaction to be mined' },
  pending: { ...UINT, description: 'its transactions in the mempool' },
  nextNonce: { ...UINT, description: 'the nonce after its pending transactions: the one a new transaction takes' },
});

export function accountView(node: NodeApi, address: Address) {
  const { balance, nonce } = node.account(address);
  const pending = new Set(
    node
      .pending()
      .filter((tx) => bytesEqual(addressFromPublicKey(tx.sender), address))
      .map((tx) => tx.nonce),
  );
  let nextNonce = nonce;
  while (pending.has(nextNonce)) nextNonce++;
  return { address: formatAddress(address), balance: balance.toString(), nonce, pending: pending.size, nextNonce };
}

export type AccountJson = ReturnType<typeof accountView>;

export interface HistoryJson {
  readonly entries: readonly {
    readonly height: number;
    readonly blockHash: string;
    readonly kind: HistoryRole;
    readonly tx: ReturnType<typeof txView> | null;
  }[];
  readonly next: string | null;
}

export function accountRoutes(node: NodeApi): ApiRoute[] {
  const get: ApiRoute<{ address: string }> = {
    method: 'GET',
    url: '/api/accounts/:address',
    summary: "an account's balance and nonces (an unknown address holds the empty account)",
    params: ADDRESS_PARAM,
    response: ACCOUNT,
    handler: ({ params }) => accountView(node, parseAddress(params.address)),
  };
  const history: ApiRoute<{ address: string }, { before?: string; limit: number }> = {
    method: 'GET',
    url: '/api/accounts/:address/history',
    summary: `an address's main-chain transactions and mined blocks, newest first (at most ${MAX_HISTORY_PAGE} a page)`,
    params: ADDRESS_PARAM,
    query: {
      type: 'object',
      properties: {
        before: {
          type: 'string',
          pattern: `^[0-9a-f]{${2 * CURSOR_BYTES}}$`,
          description: 'the `next` of the previous page',
        },
        limit: { type: 'integer', minimum: 1, maximum: MAX_HISTORY_PAGE, default: 25 },
      },
    },
    response: HISTORY,
    async handler({ params, query: { before, limit } }): Promise<HistoryJson> {
      const address = parseAddress(params.address);
      // One more than asked tells whether an older page exists.
      const items = await node.history(
        address,
        limit + 1,
        before === undefined ? undefined : fromHex('before', before),
      );
      const page = items.slice(0, limit);
      return {
        entries: page.map((e) => ({
          height: e.height,
          blockHash: toHex(e.blockHash),
          kind: e.role,
          tx: e.tx ? txView(e.tx) : null,
        })),
        next: items.length > limit ? toHex(page.at(-1)!.cursor) : null,
      };
    },
  };
  return [get, history];
}
