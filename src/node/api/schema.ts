// JSON Schema pieces shared by the routes. Each route's schemas are written once: fastify validates requests and
// serialises answers with them, and /openapi.json publishes them.
export type JsonSchema = Readonly<Record<string, unknown>>;

/** Lowercase hex of exactly `bytes` bytes, as the API writes it. */
export const hexBytes = (bytes: number, description: string): JsonSchema => ({
  type: 'string',
  pattern: `^[0-9a-f]{${2 * bytes}}$`,
  description,
});

/** A 32-byte hash as a request parameter: hex of either case. */
export const hashParam = (description: string): JsonSchema => ({
  type: 'string',
  pattern: '^[0-9a-fA-F]{64}$',
  description,
});

export const HASH = hexBytes(32, 'SHA3-256 hash, hex');
export const HEX = { type: 'string', pattern: '^[0-9a-f]*$', description: 'bytes, hex' } as const;
export const ADDRESS = { type: 'string', pattern: '^cai[0-9a-f]{48}$', description: 'address, text form' } as const;
export const AMOUNT = {
  type: 'string',
  pattern: '^(0|[1-9][0-9]*)$',
  description: 'amount in the smallest unit, decimal',
} as const;
export const UINT = { type: 'integer', minimum: 0 } as const;

const BP = { type: 'integer', minimum: 0, maximum: 10_000, description: 'basis points' };

/** A threshold schedule (docs/PROTOCOL.md 5.3), as the problem encodes it. */
export const THRESHOLD = {
  type: 'object',
  description: 'docs/PROTOCOL.md 5.3: threshold = max(floor, start - floor(dt * decayBp / decaySeconds))',
  required: ['mode', 'startBp', 'floorBp', 'decayBp', 'decaySeconds'],
  additionalProperties: false,
  properties: {
    mode: { type: 'string', enum: ['fixed', 'adaptive'] },
    startBp: BP,
    floorBp: BP,
    decayBp: BP,
    decaySeconds: { ...UINT, minimum: 1 },
    marginBp: { ...BP, description: 'adaptive: start = min(cap, parent score + margin)' },
    capBp: BP,
  },
};

/** An object with exactly these properties, all required. */
export function object(properties: Record<string, JsonSchema>, description?: string): JsonSchema {
  const required = Object.keys(properties);
  return { type: 'object', ...(description && { description }), required, additionalProperties: false, properties };
}

export const nullable = (schema: JsonSchema): JsonSchema => ({ ...schema, type: [schema.type, 'null'] });

export const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });

/** Every 4xx answer. */
export const ERROR = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'string', description: 'what was wrong, one line' },
    code: {
      type: 'string',
      description:
        "machine-readable reason: a more precise one where there is one (e.g. bad-signature), else the status's " +
        '(bad-request, host-not-allowed, not-found, body-too-large, url-too-long, rate-limited)',
    },
  },
} as const;
