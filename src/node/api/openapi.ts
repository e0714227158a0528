// The OpenAPI 3.1 document of the API, made from the route definitions (3.1 takes JSON Schema as it is).
import type { ApiRoute } from './route.js';
import { ERROR, type JsonSchema } from './schema.js';

interface ObjectSchema {
  readonly properties?: Record<string, JsonSchema>;
  readonly required?: readonly string[];
}

function parameters(schema: JsonSchema | undefined, where: 'path' | 'query') {
  const { properties = {}, required = [] } = (schema ?? {}) as ObjectSchema;
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: where,
    required: required.includes(name),
    schema: s,
  }));
}

function bodyLimit(route: ApiRoute): string {
  if (route.upload) return ", over the node's upload limit";
  return route.bodyLimit === undefined ? ', this route takes none' : `, over ${route.bodyLimit} bytes`;
}

function operation(route: ApiRoute) {
  const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
  return {
    summary: route.summary,
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(route.body && { requestBody: { required: true, content: json(route.body) } }),
    ...(route.upload && {
      requestBody: { required: true, content: { [route.upload]: { schema: { type: 'string', format: 'binary' } } } },
    }),
    responses: {
      200: { description: 'OK', content: { [route.mediaType ?? 'application/json']: { schema: route.response } } },
      ...(route.rateLimited && {
        429: {
          description: 'the client (its IP address, an IPv6 client its /64) is over its rate limit for this route',
          headers: {
            'Retry-After': { description: 'seconds until a request may succeed', schema: { type: 'integer' } },
          },
          content: json(ERROR),
        },
      }),
      '4XX': {
        description:
          'invalid request (400), Host header not served here (403), unknown resource (404), ' +
          `body too large (413${bodyLimit(route)}), URL too long (414)` +
          (route.upload ? `, a body not of ${route.upload} (415)` : ''),
        content: json(ERROR),
      },
    },
  };
}

/** The API's own version: bumped when a route or a schema changes incompatibly. */
export const API_VERSION = '1.0.0';

export function openApiDocument(routes: readonly ApiRoute[]) {
  const paths: Record<string, Record<string, ReturnType<typeof operation>>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'coinai node API',
      version: API_VERSION,
      description:
        'JSON over HTTP: amounts are decimal strings, bytes hex, addresses cai… text. Requests must carry a Host ' +
        'header naming the node (its address or localhost at its port, or a name of --api-allowed-hosts); others ' +
        'are refused with 403. Every refusal is {error, code}.',
    },
    paths,
  };
}
