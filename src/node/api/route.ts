// A route of the API, described once: fastify registers and validates it, /openapi.json and /docs publish it.
import type { FastifyReply } from 'fastify';
import type { JsonSchema } from './schema.js';

export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The request's headers, names in lower case. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The client's address (for per-client limits). */
  readonly ip: string;
}

export interface ApiRoute<P = unknown, Q = unknown, B = unknown> {
  readonly method: 'GET' | 'POST';
  /** fastify syntax: /api/blocks/:id */
  readonly url: string;
  readonly summary: string;
  /** Object schemas of the path parameters, query string and JSON body. */
  readonly params?: JsonSchema;
  readonly query?: JsonSchema;
  readonly body?: JsonSchema;
  /** Schema of the 200 answer. */
  readonly response: JsonSchema;
  /** The media type of a body the handler reads itself, as a stream (`body` is the request's Readable): it bounds
   * what it reads (bodyLimit does not apply). Requests of another type are refused with 415. */
  readonly upload?: string;
  /** Largest request body, bytes: what the body schema can need (routes without a body take none). */
  readonly bodyLimit?: number;
  /** Each request takes a token of the client's rate limit (ApiServerOptions.rateLimit); refused with 429 when
   * there is none. For routes that cost the node work an attacker could ask for in a loop. */
  readonly rateLimited?: boolean;
  /** Media type of a non-JSON answer, which the handler returns as a string or bytes. */
  readonly mediaType?: string;
  handler(input: RouteInput<P, Q, B>, reply: FastifyReply): unknown;
}
