// The node's HTTP API: fastify serving the route groups under routes/, JSON everywhere. Every refusal is a 4xx
// with {error, code}: schema validation and undecodable input 400 (bad-request), a Host header the API does not
// serve 403 (host-not-allowed), unknown resources and routes 404 (not-found), a body over the route's limit 413
// (body-too-large), a URL over MAX_URL_LENGTH 414 (url-too-long), a client over its rate limit 429 (rate-limited,
// with Retry-After). What Node's HTTP parser refuses (malformed HTTP 400, headers over MAX_HEADER_BYTES 431, a
// request slower than REQUEST_TIMEOUT_MS 408) gets the same shape, and its connection closed.
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type onRequestHookHandler,
} from 'fastify';
import { STATUS_CODES as HTTP_REASONS } from 'node:http';
import type { Duplex } from 'node:stream';
import { DecodeError } from '../../codec/errors.js';
import { DEFAULT_API_HOST, DEFAULT_TX_RATE_LIMIT } from './defaults.js';
import { ApiError, STATUS_CODES, type ApiStatus } from './errors.js';
import { HostPolicy } from './host-check.js';
import type { NodeApi } from './node-api.js';
import { ClientRateLimiter } from './rate-limit.js';
import type { RateLimit } from '../p2p/rate-limit.js';
import type { ApiRoute } from './route.js';
import { EventHub } from './events.js';
import { accountRoutes } from './routes/accounts.js';
import { blockRoutes } from './routes/blocks.js';
import { chainRoutes } from './routes/chain.js';
import { docsRoutes } from './routes/docs.js';
import { eventRoutes } from './routes/events.js';
import { governanceRoutes } from './routes/governance.js';
import { explorerRoutes, loadExplorer, type ExplorerFiles } from './routes/explorer.js';
import { metricsRoutes } from './routes/metrics.js';
import { minerRoutes } from './routes/miner.js';
import { modelRoutes } from './routes/models.js';
import { objectRoutes } from './routes/objects.js';
import { peerRoutes } from './routes/peers.js';
import { searchRoutes } from './routes/search.js';
import { statusRoutes } from './routes/status.js';
import { storageRoutes } from './routes/storage.js';
import { transactionRoutes } from './routes/transactions.js';

/** The body limit of a route with a body that names none. */
export const DEFAULT_BODY_LIMIT = 1024;
/** The longest URL (path and query) answered: every route's longest is under 200 characters. */
export const MAX_URL_LENGTH = 1024;
/** Request line and headers together (Node's default is 16 KiB); 431 beyond it. */
export const MAX_HEADER_BYTES = 8 * 1024;
/** A request (headers and body) must arrive within this; a client trickling one in byte by byte is cut off. */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface ApiServerOptions {
  /** Default 127.0.0.1: the API is for the machine's own user unless told otherwise. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Host header names served besides the API's own address and loopback names (see host-check.ts): `name`,
   * `name:port`, or `*` for any. */
  readonly allowedHosts?: readonly string[];
  /** The per-client limit of the rateLimited routes (POST /api/tx); default DEFAULT_TX_RATE_LIMIT. */
  readonly rateLimit?: RateLimit;
  /** The rate limiter's clock, milliseconds (default performance.now): tests move time themselves. */
  readonly clock?: () => number;
  /** A pino logger; the API logs nothing without one. */
  readonly log?: FastifyBaseLogger;
  /** Serve the explorer at / (default true; `--no-explorer` turns it off). */
  readonly explorer?: boolean;
}

export interface ApiServer {
  /** http://host:port it listens on. */
  readonly url: string;
  close(): Promise<void>;
}

export interface RouteParts {
  /** The live event streams (default: a hub of their own). */
  readonly hub?: EventHub;
  /** The explorer's files; undefined: not built (its routes say so); false: no explorer routes. */
  readonly explorer?: ExplorerFiles | false;
}

export function apiRoutes(node: NodeApi, parts: RouteParts = {}): ApiRoute[] {
  const routes = [
    ...(parts.explorer === false ? [] : explorerRoutes(parts.explorer)),
    ...statusRoutes(node),
    ...chainRoutes(node),
    ...eventRoutes(parts.hub ?? new EventHub(node)),
    ...searchRoutes(node),
    ...blockRoutes(node),
    ...transactionRoutes(node),
    ...accountRoutes(node),
    ...peerRoutes(node),
    ...minerRoutes(node),
    ...modelRoutes(node),
    ...objectRoutes(node),
    ...storageRoutes(node),
    ...governanceRoutes(node),
    ...metricsRoutes(node),
  ];
  return [...routes, ...docsRoutes(routes)];
}

/** Answers a refusal from a hook. (Not returned: a reply is thenable, and a hook that returns one is awaited.) */
function refuse(reply: FastifyReply, status: ApiStatus, error: string): void {
  void reply.code(status).type('application/json').send({ error, code: STATUS_CODES[status] });
}

/** A request that carries a body (a length, or a chunked one) to a route that takes none is refused unread, and
 * its connection closed, rather than drained. */
function declaresBody(req: FastifyRequest): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function register(app: FastifyInstance, route: ApiRoute, limiter: ClientRateLimiter): void {
  const type = route.upload;
  if (type === undefined) return addRoute(app, route, limiter);
  // A context of its own, whose only parser hands the handler the body unread: other media types get 415.
  void app.register((scope, _opts, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(type, (_req, payload, parsed) => parsed(null, payload));
    addRoute(scope, route, limiter);
    done();
  });
}

function addRoute(app: FastifyInstance, route: ApiRoute, limiter: ClientRateLimiter): void {
  const { method, url, params, query, body, response, mediaType } = route;
  const hooks: onRequestHookHandler[] = [];
  if (!body && !route.upload) {
    hooks.push((req, reply, done) => {
      if (!declaresBody(req)) return done();
      reply.header('connection', 'close');
      refuse(reply, 413, `${method} ${url} takes no body`);
    });
  }
  if (route.rateLimited) {
    const { perSecond, burst } = limiter.limit;
    hooks.push((req, reply, done) => {
      const wait = limiter.take(req.ip);
      if (wait === 0) return done();
      const seconds = Math.max(1, Math.ceil(wait));
      reply.header('retry-after', String(seconds));
      refuse(reply, 429, `rate limit: ${perSecond} requests/s (burst ${burst}) per client; retry in ${seconds} s`);
    });
  }
  app.route({
    method,
    url,
    ...(body && { bodyLimit: route.bodyLimit ?? DEFAULT_BODY_LIMIT }),
    onRequest: hooks,
    // Answers that are not JSON are bytes or text the handler makes; only JSON goes through a serialiser schema.
    schema: {
      ...(params && { params }),
      ...(query && { querystring: query }),
      ...(body && { body }),
      ...(mediaType === undefined && { response: { 200: response } }),
    },
    handler: async (req, reply) => {
      if (mediaType) reply.type(mediaType);
      const input = { params: req.params, query: req.query, body: req.body, headers: req.headers, ip: req.ip };
      return route.handler(input, reply);
    },
  });
}

/** Node's parser gave up on a request (fastify's clientErrorHandler): answered on the raw socket, then closed. */
function clientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, error]: [ApiStatus, string] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, `request line and headers over ${MAX_HEADER_BYTES} bytes`]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, `the request took over ${REQUEST_TIMEOUT_MS / 1000} s to arrive`]
        : [400, 'malformed HTTP request'];
  const body = JSON.stringify({ error, code: STATUS_CODES[status] });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${HTTP_REASONS[status]}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

function errorAnswer(err: FastifyError | ApiError | DecodeError): {
  status: number;
  body: { error: string; code?: string };
} {
  if (err instanceof ApiError) return { status: err.statusCode, body: { error: err.message, code: err.code } };
  if (err instanceof DecodeError) return { status: 400, body: { error: err.message, code: STATUS_CODES[400] } };
  const status = 'statusCode' in err && err.statusCode !== undefined && err.statusCode < 500 ? err.statusCode : 500;
  if (status === 500) return { status, body: { error: 'internal error' } };
  const code = STATUS_CODES[status as ApiStatus] as string | undefined;
  return { status, body: { error: err.message, ...(code && { code }) } };
}

export async function createApiServer(node: NodeApi, options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? DEFAULT_API_HOST;
  const app = Fastify({
    bodyLimit: DEFAULT_BODY_LIMIT,
    requestTimeout: REQUEST_TIMEOUT_MS,
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    clientErrorHandler: clientError,
    ...(options.log ? { loggerInstance: options.log } : { logger: false }),
    // Requests refused before routing (an undecodable URL): the same {error, code} answer as every other refusal.
    frameworkErrors: (err, _req, reply: FastifyReply) => refuse(reply, 400, err.message),
  });
  // Rebuilt with the port once the socket listens (port 0 is resolved then); no request arrives before. Built here
  // too, so that a malformed allowed-hosts entry fails before anything listens.
  const allowed = options.allowedHosts ?? [];
  let hosts = new HostPolicy({ listenHost: host, port: options.port, allowed });
  app.addHook('onRequest', (req, reply, done) => {
    const header = req.headers.host;
    if (!hosts.allows(header)) {
      const shown = header === undefined ? 'no Host header' : `Host '${header.slice(0, 100)}'`;
      refuse(reply, 403, `${shown} is not served here (DNS rebinding defence; see --api-allowed-hosts)`);
    } else if (req.url.length > MAX_URL_LENGTH) {
      refuse(reply, 414, `URL over ${MAX_URL_LENGTH} characters`);
    } else done();
  });
  app.setErrorHandler<FastifyError | ApiError | DecodeError>((err, req, reply) => {
    const { status, body } = errorAnswer(err);
    if (status === 500) req.log.error(err);
    return reply.code(status).type('application/json').send(body);
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: `no route ${req.method} ${req.url.split('?')[0]}`, code: STATUS_CODES[404] }),
  );
  const limiter = new ClientRateLimiter(options.rateLimit ?? DEFAULT_TX_RATE_LIMIT, {
    ...(options.clock && { clock: options.clock }),
  });
  const hub = new EventHub(node);
  // Event streams never end by themselves: they are ended before the server waits for its connections to close.
  app.addHook('preClose', (done) => {
    hub.close();
    done();
  });
  const explorer = options.explorer === false ? false : await loadExplorer();
  for (const route of apiRoutes(node, { hub, explorer })) register(app, route, limiter);
  try {
    await app.listen({ host, port: options.port });
  } catch (err) {
    await app.close();
    throw err;
  }
  const { port } = app.server.address() as { port: number };
  hosts = new HostPolicy({ listenHost: host, port, allowed });
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, close: () => app.close() };
}
