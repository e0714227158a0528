// GET /api/chain: the chain's identity and its problem, threshold rule included: what the explorer needs to draw
// the threshold curve itself.
import { toHex } from '../../../codec/hex.js';
import { describeShape } from '../../../arch/describe.js';
import type { NodeApi } from '../node-api.js';
import type { ApiRoute } from '../route.js';
import { HASH, object, UINT } from '../schema.js';

const BP = { type: 'integer', minimum: 0, maximum: 10_000, description: 'basis points' };

const THRESHOLD = {
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

export function chainRoutes(node: NodeApi): ApiRoute[] {
  return [
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
