// The node's HTTP API: fastify serving the route groups under routes/, JSON everywhere. Every refusal is a 4xx
// with {error}: schema validation and undecodable input 400, unknown resources and routes 404, oversize bodies 413.
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { DecodeError } from '../../codec/errors.js';
import { DEFAULT_API_HOST } from './defaults.js';
import { ApiError } from './errors.js';
import type { NodeApi } from './node-api.js';
import type { ApiRoute } from './route.js';
import { accountRoutes } from './routes/accounts.js';
import { blockRoutes } from './routes/blocks.js';
import { docsRoutes } from './routes/docs.js';
import { metricsRoutes } from './routes/metrics.js';
import { minerRoutes } from './routes/miner.js';
import { modelRoutes } from './routes/models.js';
import { peerRoutes } from './routes/peers.js';
import { statusRoutes } from './routes/status.js';
import { transactionRoutes } from './routes/transactions.js';

/** Requests carry at most a transaction (POST /api/tx); anything bigger is refused unread. */
export const BODY_LIMIT = 16 * 1024;

export interface ApiServerOptions {
  /** Default 127.0.0.1: the API is for the machine's own user unless told otherwise. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** A pino logger; the API logs nothing without one. */
  readonly log?: FastifyBaseLogger;
}

export interface ApiServer {
  /** http://host:port it listens on. */
  readonly url: string;
  close(): Promise<void>;
}

export function apiRoutes(node: NodeApi): ApiRoute[] {
  const routes = [
    ...statusRoutes(node),
    ...blockRoutes(node),
    ...transactionRoutes(node),
    ...accountRoutes(node),
    ...peerRoutes(node),
    ...minerRoutes(node),
    ...modelRoutes(node),
    ...metricsRoutes(node),
  ];
  return [...routes, ...docsRoutes(routes)];
}

function register(app: FastifyInstance, route: ApiRoute): void {
  const { method, url, params, query, body, response, mediaType } = route;
  app.route({
    method,
    url,
    // Answers that are not JSON are bytes or text the handler makes; only JSON goes through a serialiser schema.
    schema: {
      ...(params && { params }),
      ...(query && { querystring: query }),
      ...(body && { body }),
      ...(mediaType === undefined && { response: { 200: response } }),
    },
    handler: async (req, reply) => {
      if (mediaType) reply.type(mediaType);
      return route.handler({ params: req.params, query: req.query, body: req.body }, reply);
    },
  });
}

function errorAnswer(err: FastifyError | ApiError | DecodeError): {
  status: number;
  body: { error: string; code?: string };
} {
  if (err instanceof ApiError)
    return { status: err.statusCode, body: { error: err.message, ...(err.code && { code: err.code }) } };
  if (err instanceof DecodeError) return { status: 400, body: { error: err.message } };
  const status = 'statusCode' in err && err.statusCode !== undefined && err.statusCode < 500 ? err.statusCode : 500;
  return { status, body: { error: status === 500 ? 'internal error' : err.message } };
}

export async function createApiServer(node: NodeApi, options: ApiServerOptions): Promise<ApiServer> {
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    ...(options.log ? { loggerInstance: options.log } : { logger: false }),
    // Requests refused before routing (an undecodable URL): the same {error} answer as every other refusal.
    frameworkErrors: (err, _req, reply: FastifyReply) => reply.code(400).send({ error: err.message }),
  });
  app.setErrorHandler<FastifyError | ApiError | DecodeError>((err, req, reply) => {
    const { status, body } = errorAnswer(err);
    if (status === 500) req.log.error(err);
    return reply.code(status).type('application/json').send(body);
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: `no route ${req.method} ${req.url.split('?')[0]}` }),
  );
  for (const route of apiRoutes(node)) register(app, route);
  const host = options.host ?? DEFAULT_API_HOST;
  try {
    await app.listen({ host, port: options.port });
  } catch (err) {
    await app.close();
    throw err;
  }
  const { port } = app.server.address() as { port: number };
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, close: () => app.close() };
}
