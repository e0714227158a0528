// GET /api/miner: whether the node mines and, while it trains a candidate, its architecture and progress.
import type { NodeApi } from '../node-api.js';
import type { ApiRoute } from '../route.js';
import { arrayOf, nullable, object, UINT } from '../schema.js';

const BP = { type: 'integer', minimum: 0, maximum: 10_000, description: 'basis points' };

const MINER = object({
  enabled: { type: 'boolean' },
  candidate: nullable(
    object(
      {
        height: { ...UINT, description: 'height of the block being mined' },
        phenotype: { type: 'string', description: 'the architecture being trained' },
        epoch: UINT,
        scoreBp: nullable({ ...BP, description: 'best validation score so far, basis points' }),
        thresholdBp: { ...BP, description: 'the score the block must reach now, basis points' },
        samplesPerSecond: { type: 'number', minimum: 0 },
      },
      'the candidate block being trained; null between candidates',
    ),
  ),
  search: arrayOf(
    object(
      {
        nonce: {
          type: 'string',
          pattern: '^(0|[1-9][0-9]*)$',
          description: "the nonce, decimal (on a nonce-free chain, the index of its work among the miner's)",
        },
        phenotype: { type: 'string', description: 'its architecture' },
        params: UINT,
        rung: { ...UINT, description: 'the last rung it trained in; 0 is the probe' },
        validationBp: nullable({ ...BP, description: 'validation accuracy after that rung, basis points' }),
        predictedBp: nullable({
          ...BP,
          description: 'the most its learning curve may reach in the budget, basis points',
        }),
        state: { type: 'string', enum: ['drawn', 'kept', 'dropped'] },
        reason: nullable({ type: 'string', enum: ['halving', 'out-of-reach'], description: 'why dropped' }),
      },
      'an architecture the search policy tried for this block: what it probed, kept and dropped',
    ),
  ),
});

export function minerRoutes(node: NodeApi): ApiRoute[] {
  return [
    {
      method: 'GET',
      url: '/api/miner',
      summary: "the miner's state: the architecture it trains, the epoch, its score against the threshold",
      response: MINER,
      handler: () => node.miner() ?? { enabled: false, candidate: null, search: [] },
    },
  ];
}
