// GET /api/events: the live stream the explorer listens to (server-sent events; see ../events.ts).
import { ApiError } from '../errors.js';
import type { EventHub } from '../events.js';
import type { ApiRoute } from '../route.js';

export function eventRoutes(hub: EventHub): ApiRoute[] {
  return [
    {
      method: 'GET',
      url: '/api/events',
      summary: 'server-sent events: status (on change), block (each new head), mempool and miner (on change)',
      response: { type: 'string' },
      mediaType: 'text/event-stream',
      handler({ ip }, reply) {
        const refusal = hub.refusal(ip);
        if (refusal) {
          reply.header('retry-after', '10');
          throw new ApiError(429, refusal);
        }
        reply.hijack();
        hub.open(ip, reply.raw);
      },
    },
  ];
}
