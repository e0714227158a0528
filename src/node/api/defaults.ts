// Where the API listens unless told otherwise, and its limits; shared by the node and the CLI that talks to it.
import type { RateLimit } from '../p2p/rate-limit.js';

export const DEFAULT_API_HOST = '127.0.0.1';
export const DEFAULT_API_PORT = 8645;
export const DEFAULT_API_URL = `http://${DEFAULT_API_HOST}:${DEFAULT_API_PORT}`;

/** POST /api/tx per client IP (an IPv6 client's /64): 20 a second sustained, 40 at once. A wallet sends one at a
 * time and a batch of 40 goes through unhindered; a flood costs the node at most 20 signature checks and mempool
 * admissions a second per address. */
export const DEFAULT_TX_RATE_LIMIT: RateLimit = { perSecond: 20, burst: 40 };
