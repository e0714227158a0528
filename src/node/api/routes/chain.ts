// GET /api/chain (the chain's identity and its problem, threshold rule included: what the explorer needs to draw
// the threshold curve itself) and GET /api/chain/validation (the validation split as bytes, for a browser to
// re-evaluate a block's model on exactly what nodes evaluate it on).
import { toHex } from '../../../codec/hex.js';
import { describeShape } from '../../../arch/describe.js';
import type { Split } from '../../../ml/data/split.js';
import type { NodeApi } from '../node-api.js';
import type { ApiRoute } from '../route.js';
import { HASH, object, THRESHOLD, UINT } from '../schema.js';

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
  let validation: Buffer | undefined;
  return [
    {
      method: 'GET',
      url: '/api/chain/validation',
      summary:
        "the problem's validation split: count u32le, features u32le, x as float32le (CHW), y as bytes; " +
        "the samples every block's score is counted on",
      response: { type: 'string', format: 'binary' },
      mediaType: 'application/octet-stream',
      // Megabytes a request: a client asking in a loop takes tokens like a submission.
      rateLimited: true,
      handler: (_input, reply) => {
        void reply.header('cache-control', 'public, max-age=3600');
        return (validation ??= encodeValidation(node.validation));
      },
    },
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
