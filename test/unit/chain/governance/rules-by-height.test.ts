// Rules by height (docs/PROTOCOL.md 7.1): the active problem and grammar are a state record written at genesis, and a
// block is judged by the rules its parent's state names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockError } from '../../../../src/chain/errors.js';
import { activeRules, activeRulesRecord } from '../../../../src/chain/governance/active.js';
import { checkHeader } from '../../../../src/consensus/check-header.js';
import { problemId } from '../../../../src/consensus/problem.js';
import { rulesFor, UnknownRulesError, type ConsensusRules } from '../../../../src/consensus/rules.js';
import { verifyBlock } from '../../../../src/consensus/verify-block.js';
import { toHex } from '../../../../src/codec/hex.js';
import {
  evaluate,
  genesis,
  genesisContext,
  randomBlock,
  tinyConfig,
  tinyProblem,
  tinyRules,
} from '../../consensus/pouw-fixtures.js';

const config = tinyConfig();
const first = tinyRules(config);
const secondProblem = { ...tinyProblem(), maxModelBytes: 8192 };
const second: ConsensusRules = { ...first, problem: secondProblem, problemId: problemId(secondProblem) };
const g = genesis(config);
/** The genesis state after a switch to the second problem, as an activation leaves it. */
const switched = {
  ...g,
  state: g.state.update([
    activeRulesRecord({ problemId: second.problemId, problemSince: 0, grammarId: second.grammarId, grammarSince: 0 }),
  ]),
};

test('genesis writes the config’s problem and grammar ids as the active rules', () => {
  const active = activeRules(g.state);
  assert.equal(toHex(active.problemId), toHex(problemId(config.problem)));
  assert.equal(toHex(active.grammarId), toHex(config.grammar.id));
  assert.equal(rulesFor([second, first], g.state), first);
});

test('a miner that keeps mining the old problem after a switch is refused wrong-problem', async () => {
  const stale = randomBlock(first, switched.header, switched.state, { timestamp: switched.header.timestamp + 1 });
  const rules = rulesFor([first, second], switched.state);
  assert.equal(rules, second);
  await assert.rejects(
    verifyBlock(rules, stale.block, genesisContext(switched, stale), evaluate),
    (err) => err instanceof BlockError && err.code === 'wrong-problem',
  );
  const fresh = randomBlock(second, switched.header, switched.state, { timestamp: switched.header.timestamp + 1 });
  assert.doesNotThrow(() => checkHeader(rules, fresh.block, genesisContext(switched, fresh)));
});

test('a state naming rules the node has not loaded is unknown-rules, not a verdict on any block', () => {
  assert.throws(
    () => rulesFor([first], switched.state),
    (err) => err instanceof UnknownRulesError && err.code === 'unknown-rules',
  );
});
