// GET /api/status (the node at a glance) and GET /api/head.
import { toHex } from '../../../codec/hex.js';
import { blockHash } from '../../../chain/header.js';
import type { NodeApi } from '../node-api.js';
import type { ApiRoute } from '../route.js';
import { activeRules, pendingActivation } from '../../../chain/governance/active.js';
import { PROPOSAL_KINDS } from '../../../chain/governance/proposals.js';
import type { State } from '../../../chain/state.js';
import { AMOUNT, arrayOf, HASH, object, UINT } from '../schema.js';
import { HEADER, headerView } from '../views/header.js';

const STATUS = object({
  chainId: UINT,
  minFee: { ...AMOUNT, description: 'the least fee of a transaction' },
  accountCreationFee: { ...AMOUNT, description: 'what a transfer creating an account pays on top of minFee' },
  genesisHash: HASH,
  peerId: { type: 'string', description: "this node's libp2p peer id" },
  height: { ...UINT, description: 'height of the head' },
  hash: { ...HASH, description: 'hash of the head' },
  timestamp: { ...UINT, description: "the head's timestamp" },
  peers: { ...UINT, description: 'connected peers' },
  syncing: { type: 'boolean', description: 'catching up with peers' },
  mining: { type: 'boolean' },
  mempool: { ...UINT, description: 'pooled transactions' },
  problemId: { ...HASH, description: "the problem the head's next block trains (the head state's, 7.1)" },
  grammarId: { ...HASH, description: "the grammar the head's next block derives with" },
  pendingActivations: arrayOf(
    object({
      kind: { type: 'string', enum: [...PROPOSAL_KINDS] },
      proposal: { ...HASH, description: 'the selected proposal' },
      rulesId: { ...HASH, description: 'the problem id or grammar id it activates' },
      at: { ...UINT, description: 'the height at whose end it becomes active' },
    }),
  ),
});

export function statusView(node: NodeApi) {
  const head = node.head();
  return {
    chainId: node.chainId,
    minFee: node.minFee.toString(),
    accountCreationFee: node.accountCreationFee.toString(),
    genesisHash: toHex(node.genesisHash),
    peerId: node.peerId,
    height: head.height,
    hash: toHex(blockHash(head)),
    timestamp: head.timestamp,
    peers: node.peers().length,
    syncing: node.syncing(),
    mining: node.miner()?.enabled ?? false,
    mempool: node.pending().length,
    ...activeRulesView(node.state()),
  };
}

/** The rules the state names (its next block is judged by) and its pending activations (docs/PROTOCOL.md 7.5). */
export function activeRulesView(state: State) {
  const active = activeRules(state);
  return {
    problemId: toHex(active.problemId),
    grammarId: toHex(active.grammarId),
    pendingActivations: PROPOSAL_KINDS.flatMap((kind) => {
      const p = pendingActivation(state, kind);
      return p ? [{ kind, proposal: toHex(p.proposal), rulesId: toHex(p.rulesId), at: p.at }] : [];
    }),
  };
}

export type StatusJson = ReturnType<typeof statusView>;

export function statusRoutes(node: NodeApi): ApiRoute[] {
  return [
    {
      method: 'GET',
      url: '/api/status',
      summary: 'chain id, fee rules, head, peers, sync and mining state',
      response: STATUS,
      handler: () => statusView(node),
    },
    {
      method: 'GET',
      url: '/api/head',
      summary: 'the header of the head block',
      response: HEADER,
      handler: () => headerView(node.head()),
    },
  ];
}
