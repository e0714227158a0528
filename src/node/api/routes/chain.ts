// GET /api/chain (the chain's identity and its problem, threshold rule included: what the explorer needs to draw
// the threshold curve itself) and GET /api/chain/validation (the validation split as bytes, for a browser to
// re-evaluate a block's model on exactly what nodes evaluate it on).
import { fromHex, toHex } from '../../../codec/hex.js';
import { describeShape } from '../../../arch/describe.js';
import type { Split } from '../../../ml/data/split.js';
import type { NodeApi } from '../node-api.js';
import type { ApiRoute } from '../route.js';
import { HASH, hashParam, object, THRESHOLD, UINT } from '../schema.js';
import { notFound } from '../errors.js';

const CHAIN = object({
  chainId: UINT,
  genesisHash: HASH,
  problem: object({
    dataset: { type: 'string', description: "where nodes load the data set from: 'default' or a folder" },
    input: { type: 'string', description: 'HxWxC for an image, N for a flat vector' },
    classes: UINT,
    metric: { type: 'string', enum: ['accuracy', 'macro-f1'] },
    threshold: THRESHOLD,
    maxModelBytes: UINT,
  }),
});

/** count u32le, features u32le, then x as count*features float32le (CHW order), then y as count bytes. */
export function encodeValidation({ x, y, count }: Split): Buffer {
  const features = count === 0 ? 0 : x.length / count;
  const out = Buffer.alloc(8 + x.length * 4 + count);
  out.writeUInt32LE(count, 0);
  out.writeUInt32LE(features, 4);
  for (let i = 0; i < x.length; i++) out.writeFloatLE(x[i], 8 + 4 * i);
  out.set(y, 8 + x.length * 4);
  return out;
}

export function chainRoutes(node: NodeApi): ApiRoute[] {
  // Encoded once per split (the genesis one is served with and without its id): a few megabytes each.
  const encoded = new WeakMap<Split, Buffer>();
  const validation: ApiRoute<unknown, { problem?: string }> = {
    method: 'GET',
    url: '/api/chain/validation',
    summary:
      "a problem's validation split (the genesis problem's, or `problem`'s: a block's problemId): count u32le, " +
      "features u32le, x as float32le (CHW), y as bytes; the samples that problem's blocks' scores are counted on",
    query: {
      type: 'object',
      properties: { problem: hashParam('a problem id (the genesis one, or an activated proposal id)') },
    },
    response: { type: 'string', format: 'binary' },
    mediaType: 'application/octet-stream',
    // Megabytes a request: a client asking in a loop takes tokens like a submission.
    rateLimited: true,
    handler: ({ query: { problem } }, reply) => {
      const id = problem === undefined ? undefined : problem.toLowerCase();
      const split = id === undefined ? node.validation : node.validationOf(fromHex('problem', id, 32));
      if (!split) throw notFound(`problem ${id} (not loaded by this node)`);
      let bytes = encoded.get(split);
      if (!bytes) encoded.set(split, (bytes = encodeValidation(split)));
      void reply.header('cache-control', 'public, max-age=3600');
      return bytes;
    },
  };
  return [
    validation,
    {
      method: 'GET',
      url: '/api/chain',
      summary: "the chain's id, genesis and problem (data set, input, classes, metric, threshold rule)",
      response: CHAIN,
      handler: () => {
        const p = node.problem;
        return {
          chainId: node.chainId,
          genesisHash: toHex(node.genesisHash),
          problem: {
            dataset: p.dataset,
            input: describeShape(p.input),
            classes: p.classes,
            metric: p.metric,
            threshold: p.threshold,
            maxModelBytes: p.maxModelBytes,
          },
        };
      },
    },
  ];
}
