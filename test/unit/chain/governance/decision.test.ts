// The decision and activation (docs/PROTOCOL.md 7.6): the lottery follows support, stake-max and auction pick the
// largest, the quorum, lock-up and confirm rules hold back a decision, the winner activates A blocks later on the
// verdict on its content (passed: active, deposit back; failed: lost, deposit burnt; none: unknown-rules), expired
// proposals return their deposits, and a reorganisation across an activation reaches the state of a straight
// import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyBlock } from '../../../../src/chain/apply-block.js';
import { BlockError } from '../../../../src/chain/errors.js';
import { activeRules, pendingActivation, UnknownRulesError } from '../../../../src/chain/governance/active.js';
import { chooseWinner, type Activations } from '../../../../src/chain/governance/decision.js';
import { proposalOf } from '../../../../src/chain/governance/proposals.js';
import { supportOf } from '../../../../src/chain/governance/supports.js';
import type { ChainParams } from '../../../../src/chain/params.js';
import { blockReward, issuedRewards } from '../../../../src/chain/reward.js';
import type { State } from '../../../../src/chain/state.js';
import { proposalIdOf, type TxPayload } from '../../../../src/chain/tx-payload.js';
import { revertBlock } from '../../../../src/chain/undo.js';
import { toHex } from '../../../../src/codec/hex.js';
import { sha3_256 } from '../../../../src/crypto/hash.js';
import { config, FEE, FUNDS, keepers, params, tx, World } from '../storage/world.js';

const [alice, bob, carol, dave] = keepers;
const G = params.governance; // P = 4, quorum 10%, C = 2, A = 2, lockUp 4, X = 40
const grammar = (n: number): TxPayload => ({
  kind: 'propose-grammar',
  grammarId: sha3_256(Uint8Array.of(1, n)),
  fileRoot: sha3_256(Uint8Array.of(2, n)),
  fileSize: 100 + n,
  deposit: G.minDeposit,
});
const support = (payload: TxPayload, amount: bigint): TxPayload => ({
  kind: 'support',
  proposal: proposalIdOf(payload),
  amount,
});
const withSelection = (selection: ChainParams['governance']['selection']): ChainParams => ({
  ...params,
  governance: { ...G, selection },
});
const grammarOf = (w: World) => toHex(activeRules(w.state).grammarId);
const idOf = (p: TxPayload) => toHex((p as { grammarId: Uint8Array }).grammarId);

test('the lottery draws each proposal in proportion to its support (chi-square over 4,000 seeds)', () => {
  const weights = [1n, 2n, 3n, 4n];
  const candidates = weights.map((counted, i) => ({ id: sha3_256(Uint8Array.of(i)), counted }));
  const wins = new Map(candidates.map((c) => [c, 0]));
  const N = 4000;
  for (let i = 0; i < N; i++) {
    const winner = chooseWinner('lottery', candidates, sha3_256(Uint8Array.of(9, i >> 8, i & 255)), 'problem')!;
    wins.set(winner, wins.get(winner)! + 1);
  }
  const chi2 = candidates.reduce((sum, c) => {
    const expected = (N * Number(c.counted)) / 10;
    return sum + (wins.get(c)! - expected) ** 2 / expected;
  }, 0);
  // 3 degrees of freedom: 16.27 is the 0.1% tail; a draw ignoring support scores far above it (about 670).
  assert.ok(chi2 < 16.27, `chi-square ${chi2.toFixed(2)}, wins ${[...wins.values()].join(' ')}`);
  // Without support nothing wins; a candidate without counted support never does.
  assert.equal(
    chooseWinner('lottery', [{ id: candidates[0].id, counted: 0n }], new Uint8Array(64), 'grammar'),
    undefined,
  );
});

test('stake-max and auction pick the largest counted support, the smallest id among equals', () => {
  const [a, b, c] = [3, 1, 2].map((i) => ({ id: Uint8Array.of(i), counted: 5n }));
  for (const selection of ['stake-max', 'auction'] as const) {
    assert.equal(
      chooseWinner(selection, [a, b, c, { id: Uint8Array.of(0), counted: 4n }], new Uint8Array(64), 'problem'),
      b,
    );
    assert.equal(
      chooseWinner(selection, [a, { id: Uint8Array.of(9), counted: 6n }], new Uint8Array(64), 'problem')!.counted,
      6n,
    );
  }
});

/** Both grammar proposals' content passes its checks. */
const PASSED: Activations = new Map([1, 2].map((n) => [toHex(proposalIdOf(grammar(n))), undefined]));

/**
 * Grammar proposals 1 and 2 at block 1; `supports` (key, proposal, amount) at block `at`; mined up to `to`, with
 * `verdicts` on the content of the proposals that activate.
 */
function scenario(
  rules: ChainParams,
  at: number,
  supports: [typeof alice, TxPayload, bigint][],
  to: number,
  nonce = 0n,
  verdicts: Activations = PASSED,
) {
  const w = new World(config(), rules);
  for (const [id, fault] of verdicts) w.activations.set(id, fault);
  w.mine([tx(alice, w.nonce(alice), grammar(1)), tx(bob, w.nonce(bob), grammar(2))], undefined, nonce);
  while (w.height < to) {
    const txs = w.height + 1 === at ? supports.map(([k, p, amount]) => tx(k, w.nonce(k), support(p, amount))) : [];
    w.mine(txs, undefined, nonce);
  }
  return w;
}
/** Over 10% of the supply (6,000,000 allocated plus 1,000 a block). */
const QUORUM = 700_000n;

test('quorum: below it nothing is decided; at it the winner is pending, then activates A blocks later, deposit back', () => {
  const below = scenario(params, 3, [[carol, grammar(1), 500_000n]], 12);
  assert.equal(pendingActivation(below.state, 'grammar'), undefined);
  assert.equal(proposalOf(below.state, proposalIdOf(grammar(1)))!.status, 'open');

  const w = scenario(params, 3, [[carol, grammar(1), QUORUM]], 7);
  assert.equal(pendingActivation(w.state, 'grammar'), undefined, 'decision heights are multiples of P');
  const genesisGrammar = grammarOf(w);
  w.mine(); // 8 = 2P: at 4 the support of block 3 was younger than C = 2 blocks
  const pending = pendingActivation(w.state, 'grammar')!;
  assert.equal(pending.at, 8 + G.activationDelay);
  assert.equal(toHex(pending.rulesId), idOf(grammar(1)));
  assert.equal(proposalOf(w.state, proposalIdOf(grammar(1)))!.status, 'selected');
  assert.equal(proposalOf(w.state, proposalIdOf(grammar(1)))!.deposit, G.minDeposit);
  assert.equal(w.state.account(alice.address).balance, FUNDS - FEE - G.minDeposit, 'the deposit waits for activation');
  w.mine();
  assert.equal(grammarOf(w), genesisGrammar, 'not before h + A');
  w.mine();
  assert.equal(grammarOf(w), idOf(grammar(1)));
  assert.equal(activeRules(w.state).grammarSince, 10);
  assert.equal(pendingActivation(w.state, 'grammar'), undefined);
  assert.equal(w.state.account(alice.address).balance, FUNDS - FEE, 'the deposit came back on activation');
  // The decided proposal's support unlocks.
  w.mine([tx(carol, w.nonce(carol), { kind: 'withdraw', proposal: proposalIdOf(grammar(1)) })]);
  assert.equal(w.state.account(carol.address).balance, FUNDS - 2n * FEE);
});

test('confirm rule: a last-minute swing does not count; lock-up: no decision before the active one ran its time', () => {
  // Carol backs proposal 1 early; dave backs proposal 2 with more, one block before the decision at 8.
  const w = scenario(params, 3, [[carol, grammar(1), QUORUM]], 3);
  w.mineTo(6);
  w.mine([tx(dave, w.nonce(dave), support(grammar(2), 900_000n))]);
  w.mine();
  const pending = pendingActivation(w.state, 'grammar')!;
  assert.equal(toHex(pending.rulesId), idOf(grammar(1)), 'dave’s lock of block 7 is younger than C = 2 blocks');
  // After the activation at 10, the next decisions (12) fall within the lock-up of 4 blocks; 16 does not.
  w.mineTo(12);
  assert.equal(pendingActivation(w.state, 'grammar'), undefined);
  assert.equal(proposalOf(w.state, proposalIdOf(grammar(2)))!.status, 'open');
  w.mineTo(16);
  assert.equal(toHex(pendingActivation(w.state, 'grammar')!.rulesId), idOf(grammar(2)));
});

test('auction: the winner’s counted support is burnt; stake-max keeps it', () => {
  for (const selection of ['auction', 'stake-max'] as const) {
    const w = scenario(
      withSelection(selection),
      3,
      [
        [carol, grammar(1), QUORUM],
        [dave, grammar(2), QUORUM + 1n],
      ],
      8,
    );
    assert.equal(toHex(pendingActivation(w.state, 'grammar')!.rulesId), idOf(grammar(2)), selection);
    const kept = supportOf(w.state, dave.address, proposalIdOf(grammar(2)));
    assert.deepEqual(kept, selection === 'auction' ? undefined : { amount: QUORUM + 1n, since: 3 });
    assert.equal(proposalOf(w.state, proposalIdOf(grammar(2)))!.support, selection === 'auction' ? 0n : QUORUM + 1n);
    assert.equal(
      supportOf(w.state, carol.address, proposalIdOf(grammar(1)))!.amount,
      QUORUM,
      'the loser keeps its lock',
    );
  }
});

test('an expired proposal returns its deposit at created + X + 1', () => {
  const w = scenario(params, 0, [], 1 + G.proposalLifetime);
  assert.equal(proposalOf(w.state, proposalIdOf(grammar(1)))!.status, 'open');
  w.mine();
  assert.equal(proposalOf(w.state, proposalIdOf(grammar(1)))!.status, 'expired');
  assert.equal(w.state.account(alice.address).balance, FUNDS - FEE);
});

test('a reorganisation across an activation gives the state of a straight import of the winning branch', () => {
  const FORK = 3;
  // Branch A: proposal 1 wins at 8 and activates at 10. Branch B shares blocks 1..3, then dave's support of
  // proposal 2 (block 4) outweighs it by the decision at 8 (stake-max), so B activates proposal 2.
  const rules = withSelection('stake-max');
  const a = scenario(rules, 3, [[carol, grammar(1), QUORUM]], 12);
  const b = new World(config(), rules);
  for (const [id, fault] of PASSED) b.activations.set(id, fault);
  for (const step of a.steps.slice(1, FORK + 1)) b.steps.push(step);
  b.mine([tx(dave, 0, support(grammar(2), 900_000n))], undefined, 1n);
  b.mineTo(12);
  assert.equal(grammarOf(a), idOf(grammar(1)));
  assert.equal(grammarOf(b), idOf(grammar(2)));
  let state: State = a.state;
  for (let h = a.height; h > FORK; h--) state = revertBlock(state, a.steps[h].undo!);
  assert.equal(toHex(state.root()), toHex(a.steps[FORK].state.root()));
  for (const step of b.steps.slice(FORK + 1)) state = applyBlock(rules, state, step.block!, PASSED).state;
  let straight = b.steps[0].state;
  for (const step of b.steps.slice(1)) straight = applyBlock(rules, straight, step.block!, PASSED).state;
  assert.equal(toHex(state.root()), toHex(straight.root()));
  assert.equal(toHex(state.root()), toHex(b.state.root()));
});

test('a winner whose content fails its checks is lost at activation: exactly its deposit burnt, the rules kept', () => {
  const fault = 'the grammar fails grammar check --strict: legalisation skips statements on 28x28x1';
  const verdicts: Activations = new Map([[toHex(proposalIdOf(grammar(1))), fault]]);
  const passed = scenario(params, 3, [[carol, grammar(1), QUORUM]], 10);
  const lost = scenario(params, 3, [[carol, grammar(1), QUORUM]], 9, 0n, verdicts);
  const genesisGrammar = grammarOf(lost);
  const before = lost.state;
  lost.mine(); // 10: the activation height
  const p = proposalOf(lost.state, proposalIdOf(grammar(1)))!;
  assert.equal(p.status, 'lost');
  assert.equal(p.deposit, G.minDeposit, 'the record keeps what was burnt');
  assert.equal(grammarOf(lost), genesisGrammar, 'the active grammar stays');
  assert.deepEqual(activeRules(lost.state), activeRules(before));
  assert.equal(pendingActivation(lost.state, 'grammar'), undefined, 'the kind is free for the next decision');
  assert.equal(lost.state.account(alice.address).balance, FUNDS - FEE - G.minDeposit, 'the proposer gets nothing back');
  // Every other balance is as on the branch where it passed: the deposit is burnt, no one is paid it.
  assert.equal(passed.state.account(alice.address).balance - lost.state.account(alice.address).balance, G.minDeposit);
  for (const k of [bob, carol, dave]) {
    assert.equal(lost.state.account(k.address).balance, passed.state.account(k.address).balance);
  }
  // Its supporters withdraw as after any decision.
  lost.mine([tx(carol, lost.nonce(carol), { kind: 'withdraw', proposal: proposalIdOf(grammar(1)) })]);
  assert.equal(lost.state.account(carol.address).balance, FUNDS - 2n * FEE);
});

test('a block at a pending activation with no verdict on it is unknown-rules, not a verdict; earlier blocks need none', () => {
  const w = scenario(params, 3, [[carol, grammar(1), QUORUM]], 8, 0n, new Map());
  assert.ok(pendingActivation(w.state, 'grammar'));
  w.mine(); // 9, before the activation at 10: no content needed
  const head = w.height;
  assert.throws(
    () => w.mine(),
    (err) => err instanceof UnknownRulesError && err.code === 'unknown-rules' && /activating at 10/.test(err.message),
  );
  assert.equal(w.height, head, 'nothing was built');
  // A verdict on another proposal is no verdict on this one.
  w.activations.set(toHex(proposalIdOf(grammar(2))), undefined);
  assert.throws(() => w.mine(), UnknownRulesError);
});

test('undoing a lost activation restores the prior state root, pending activation and deposit record', () => {
  const verdicts: Activations = new Map([[toHex(proposalIdOf(grammar(1))), 'the grammar file is 1 bytes']]);
  const w = scenario(params, 3, [[carol, grammar(1), QUORUM]], 10, 0n, verdicts);
  assert.equal(proposalOf(w.state, proposalIdOf(grammar(1)))!.status, 'lost');
  const prior = w.steps[9].state;
  const reverted = revertBlock(w.state, w.head.undo!);
  assert.equal(toHex(reverted.root()), toHex(prior.root()));
  assert.equal(proposalOf(reverted, proposalIdOf(grammar(1)))!.status, 'selected');
  assert.equal(pendingActivation(reverted, 'grammar')!.at, 10);
  // Applied again with the same verdict it is the same block; the state root commits to the verdict, so a node
  // that judged the content otherwise refuses the block.
  assert.equal(toHex(applyBlock(params, reverted, w.head.block!, verdicts).state.root()), toHex(w.state.root()));
  assert.throws(
    () => applyBlock(params, reverted, w.head.block!, PASSED),
    (err) => err instanceof BlockError && err.code === 'state-root-mismatch',
  );
});

test('the issued rewards (the quorum’s supply beyond genesis) are the sum of the block rewards', () => {
  for (const [initialReward, halvingInterval] of [
    [1000n, 10],
    [7n, 3],
    [5_000_000_000n, 1],
  ] as const) {
    const p = { ...params, initialReward, halvingInterval };
    for (const height of [0, 1, 2, 9, 10, 11, 35, 200]) {
      let sum = 0n;
      for (let h = 1; h <= height; h++) sum += blockReward(p, h);
      assert.equal(issuedRewards(p, height), sum, `${initialReward}/${halvingInterval} at ${height}`);
    }
  }
});
