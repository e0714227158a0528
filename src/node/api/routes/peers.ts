// GET /api/peers: the connected peers.
import type { NodeApi } from '../node-api.js';
import type { ApiRoute } from '../route.js';
import { arrayOf, nullable, object, UINT } from '../schema.js';

const PEER = object({
  id: { type: 'string', description: 'libp2p peer id' },
  address: { type: 'string', description: 'multiaddr of the connection' },
  direction: { type: 'string', enum: ['inbound', 'outbound'] },
  height: nullable({ ...UINT, description: 'its head height at the last status exchange; null before the handshake' }),
  score: { type: 'number', description: '0 for a clean record, negative by its penalty points' },
});

export function peerRoutes(node: NodeApi): ApiRoute[] {
  return [
    {
      method: 'GET',
      url: '/api/peers',
      summary: 'the connected peers',
      response: object({ peers: arrayOf(PEER) }),
      handler: () => ({ peers: node.peers() }),
    },
  ];
}
