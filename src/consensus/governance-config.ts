// The "governance" section of a chain config (ChainParams.governance, docs/PROTOCOL.md 7.2):
//   "governance": { "minDeposit": "1000000", "proposalLifetime": 1000, "decisionInterval": 50, "quorumBp": 1000,
//                   "confirmBlocks": 10, "activationDelay": 10, "lockUp": 100, "selection": "lottery" }
// Every key is required (no defaults).
import { DecodeError } from '../codec/errors.js';
import { integer, object, type Json } from '../codec/json-fields.js';
import { MAX_UINT, SELECTIONS, type GovernanceParams, type Selection } from '../chain/params.js';
import { amount } from './storage-config.js';

const KEYS = [
  'minDeposit',
  'proposalLifetime',
  'decisionInterval',
  'quorumBp',
  'confirmBlocks',
  'activationDelay',
  'lockUp',
  'selection',
];

export function parseGovernanceConfig(v: unknown): GovernanceParams {
  const g = object('governance', v, KEYS);
  if (!SELECTIONS.includes(g.selection as Selection))
    throw new DecodeError('governance.selection', `must be one of ${SELECTIONS.join(', ')}`);
  return {
    minDeposit: amount('governance.minDeposit', g.minDeposit, 1n),
    proposalLifetime: integer('governance.proposalLifetime', g.proposalLifetime, 1, MAX_UINT),
    decisionInterval: integer('governance.decisionInterval', g.decisionInterval, 1, MAX_UINT),
    quorumBp: integer('governance.quorumBp', g.quorumBp, 1, 10_000),
    confirmBlocks: integer('governance.confirmBlocks', g.confirmBlocks, 0, MAX_UINT),
    activationDelay: integer('governance.activationDelay', g.activationDelay, 1, MAX_UINT),
    lockUp: integer('governance.lockUp', g.lockUp, 0, MAX_UINT),
    selection: g.selection as Selection,
  };
}

export function governanceConfigToJson(g: GovernanceParams): Json {
  return {
    minDeposit: g.minDeposit.toString(),
    proposalLifetime: g.proposalLifetime,
    decisionInterval: g.decisionInterval,
    quorumBp: g.quorumBp,
    confirmBlocks: g.confirmBlocks,
    activationDelay: g.activationDelay,
    lockUp: g.lockUp,
    selection: g.selection,
  };
}
