// What GET /api/status says of the rules: the head state's active problem and grammar, and its pending activations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeRules, activeRulesRecord, pendingRecord } from '../../../../src/chain/governance/active.js';
import { toHex } from '../../../../src/codec/hex.js';
import { genesisState } from '../../../../src/consensus/genesis.js';
import { problemId } from '../../../../src/consensus/problem.js';
import { sha3_256 } from '../../../../src/crypto/hash.js';
import { activeRulesView } from '../../../../src/node/api/routes/status.js';
import { tinyConfig } from '../../consensus/pouw-fixtures.js';

test('the status shows the active problem and grammar ids and every pending activation', () => {
  const config = tinyConfig();
  const genesis = genesisState(config);
  assert.deepEqual(activeRulesView(genesis), {
    problemId: toHex(problemId(config.problem)),
    grammarId: toHex(config.grammar.id),
    pendingActivations: [],
  });
  const [proposal, grammar, newProblem] = [1, 2, 3].map((i) => sha3_256(Uint8Array.of(i)));
  const state = genesis.update([
    activeRulesRecord({ ...activeRules(genesis), problemId: newProblem, problemSince: 6 }),
    pendingRecord('grammar', { proposal, rulesId: grammar, at: 10 }),
  ]);
  assert.deepEqual(activeRulesView(state), {
    problemId: toHex(newProblem),
    grammarId: toHex(config.grammar.id),
    pendingActivations: [{ kind: 'grammar', proposal: toHex(proposal), rulesId: toHex(grammar), at: 10 }],
  });
});
