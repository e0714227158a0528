// GET /api/accounts/:address: the balance and nonce at the head, and the nonce a new transaction should carry.
import { bytesEqual } from '../../../codec/hex.js';
import { addressFromPublicKey, formatAddress, parseAddress, type Address } from '../../../crypto/address.js';
import type { NodeApi } from '../node-api.js';
import type { ApiRoute } from '../route.js';
import { ADDRESS, AMOUNT, object, UINT } from '../schema.js';

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

export function accountRoutes(node: NodeApi): ApiRoute[] {
  const get: ApiRoute<{ address: string }> = {
    method: 'GET',
    url: '/api/accounts/:address',
    summary: "an account's balance and nonces (an unknown address holds the empty account)",
    params: object({ address: { type: 'string', maxLength: 64, description: 'address, text form (cai…)' } }),
    response: ACCOUNT,
    handler: ({ params }) => accountView(node, parseAddress(params.address)),
  };
  return [get];
}
