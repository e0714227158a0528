// Governance at the head (docs/PROTOCOL.md 7): GET /api/governance (the active rules, pending activations, each
// kind's next decision, quorum and counted support), GET /api/proposals (newest first, optionally of one status,
// each with its support and odds), GET /api/proposals/:id (with its payload and support records) and GET
// /api/problems (every problem the chain trained, trains or will, with its heights and best models). Each request
// reads one head state; the payloads come from the proposing transactions, the problems' blocks from the index.
import { utf8Text } from '../../../codec/bytes.js';
import { bytesEqual, fromHex, toHex } from '../../../codec/hex.js';
import { PROPOSAL_STATUSES, proposalOf } from '../../../chain/governance/proposals.js';
import { proposalIdOf } from '../../../chain/tx-payload.js';
import { txHash } from '../../../chain/tx-signing.js';
import { notFound } from '../errors.js';
import type { NodeApi } from '../node-api.js';
import type { ApiRoute } from '../route.js';
import { arrayOf, hashParam, object, UINT } from '../schema.js';
import {
  GOVERNANCE,
  governanceView,
  PROBLEM,
  problemsView,
  PROPOSAL,
  PROPOSAL_DETAIL,
  ProposalViews,
  type ProposalJson,
  type ProposalPayload,
} from '../views/governance.js';
import { storageHead } from './storage.js';

export const MAX_PROPOSALS = 100;
/** Best models listed per problem. */
export const BEST_MODELS = 5;

/** The transaction of the main-chain block at `height` that made proposal `id`, and its payload. */
async function proposalTx(node: NodeApi, id: Uint8Array, height: number) {
  const found = await node.blockAt(height);
  for (const tx of found?.block.txs ?? []) {
    const p = tx.payload;
    if ((p.kind === 'propose-problem' || p.kind === 'propose-grammar') && bytesEqual(proposalIdOf(p), id))
      return { tx, payload: p as ProposalPayload };
  }
  return undefined;
}

export function governanceRoutes(node: NodeApi): ApiRoute[] {
  const summary: ApiRoute = {
    method: 'GET',
    url: '/api/governance',
    summary: 'the active problem and grammar, pending activations, the next decision, quorum and counted support',
    response: GOVERNANCE,
    handler: () => governanceView(storageHead(node)),
  };
  const list: ApiRoute<unknown, { status?: (typeof PROPOSAL_STATUSES)[number]; count: number }> = {
    method: 'GET',
    url: '/api/proposals',
    summary: `proposals, newest first (at most ${MAX_PROPOSALS}), with their support, counted support and odds`,
    query: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: PROPOSAL_STATUSES, description: 'only proposals of this status' },
        count: { type: 'integer', minimum: 1, maximum: MAX_PROPOSALS, default: MAX_PROPOSALS },
      },
    },
    response: object({ height: UINT, proposals: arrayOf(PROPOSAL) }),
    async handler({ query: { status, count } }) {
      const head = storageHead(node);
      const views = new ProposalViews(head);
      const proposals: ProposalJson[] = [];
      for (const place of await node.proposals()) {
        if (proposals.length === count) break;
        // Read against one head: a proposal of a block the head no longer has is left out.
        const p = proposalOf(head.state, place.id);
        if (!p || (status && p.status !== status) || p.created !== place.height) continue;
        const made = await proposalTx(node, place.id, place.height);
        const view = made && views.summary(place.id, made.payload);
        if (view) proposals.push(view);
      }
      return { height: head.height, proposals };
    },
  };
  const one: ApiRoute<{ id: string }> = {
    method: 'GET',
    url: '/api/proposals/:id',
    summary: 'a proposal with its payload (data set or grammar file), support records, counted support and odds',
    params: object({ id: hashParam('the proposal id (64 hex digits)') }),
    response: PROPOSAL_DETAIL,
    async handler({ params }) {
      const head = storageHead(node);
      const id = fromHex('id', params.id);
      const p = proposalOf(head.state, id);
      const made = p && (await proposalTx(node, id, p.created));
      const view = made && new ProposalViews(head).detail(id, made.payload, txHash(made.tx));
      if (!view) throw notFound(`proposal ${toHex(id)}`);
      return view;
    },
  };
  const problems: ApiRoute = {
    method: 'GET',
    url: '/api/problems',
    summary: `every problem the chain trained, trains or will: its heights, its blocks, its ${BEST_MODELS} best models`,
    response: object({ height: UINT, problems: arrayOf(PROBLEM) }),
    async handler() {
      const head = storageHead(node);
      const genesis = (await node.blockAt(0))!.block.header.problemId;
      const views = problemsView(head, genesis, await node.trainedProblems(BEST_MODELS));
      for (const v of views) {
        if (v.genesis) {
          v.name = node.problem.dataset;
          continue;
        }
        const id = fromHex('id', v.id);
        const p = proposalOf(head.state, id);
        const made = p && (await proposalTx(node, id, p.created));
        if (made?.payload.kind === 'propose-problem') v.name = utf8Text(made.payload.name);
      }
      return { height: head.height, problems: views };
    },
  };
  return [summary, list, one, problems];
}
