// The governance views (src/node/api/views/governance.ts) on chains built with the real state transition: the
// outlook of the next decision (confirm rule, lock-up, expiry, quorum, odds) agrees with what the end of that block
// then does, and the problems' history follows an activation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeRules, pendingActivation } from '../../../../src/chain/governance/active.js';
import type { ChainParams } from '../../../../src/chain/params.js';
import { issuedRewards } from '../../../../src/chain/reward.js';
import { proposalIdOf, type TxPayload } from '../../../../src/chain/tx-payload.js';
import { toHex } from '../../../../src/codec/hex.js';
import { formatAddress } from '../../../../src/crypto/address.js';
import { sha3_256 } from '../../../../src/crypto/hash.js';
import { governanceView, ProposalViews, problemsView } from '../../../../src/node/api/views/governance.js';
import type { TrainedBlock } from '../../../../src/node/api/node-api.js';
import { grammarProposal, problemProposal } from '../../../helpers/chain/proposals.js';
import { config, FUNDS, keepers, params, tx, World } from '../../chain/storage/world.js';

const [alice, bob, carol, dave] = keepers;
const G = params.governance; // P = 4, quorum 10%, C = 2, A = 2, lockUp 4, X = 40
const SUPPLY = FUNDS * BigInt(keepers.length);
const grammar = (n: number): TxPayload => grammarProposal(n, G.minDeposit);
const problem: TxPayload = problemProposal('digits <b>bold</b>', G.minDeposit);
const support = (p: TxPayload, amount: bigint): TxPayload => ({ kind: 'support', proposal: proposalIdOf(p), amount });
const head = (w: World, rules: ChainParams = params) => ({ params: rules, state: w.state, height: w.height });
const id = (p: TxPayload) => toHex(proposalIdOf(p));
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

test('the next decision counts only locks C blocks old, against the quorum of the supply at that height', () => {
  const w = new World(config());
  w.mine([tx(alice, 0, grammar(1)), tx(bob, 0, grammar(2)), tx(alice, 1, problem)]);
  w.mine();
  w.mine([tx(carol, 0, support(grammar(1), 700_000n)), tx(dave, 0, support(grammar(2), 300_000n))]);
  // Head 3: the decision at 4 counts locks of height 2 or older, so none.
  let g = governanceView(head(w));
  assert.equal(g.nextDecision, 4);
  assert.deepEqual(
    g.kinds.map((k) => [k.kind, k.nextDecision, k.counted, k.candidates, k.reachesQuorum]),
    [
      ['problem', 4, '0', 1, false],
      ['grammar', 4, '0', 2, false],
    ],
  );
  assert.equal(g.supply, (SUPPLY + issuedRewards(params, 4)).toString());
  assert.equal(g.quorum, ceilDiv(BigInt(G.quorumBp) * (SUPPLY + issuedRewards(params, 4)), 10_000n).toString());
  assert.deepEqual(g.active, {
    problemId: toHex(activeRules(w.state).problemId),
    problemSince: 0,
    grammarId: toHex(activeRules(w.state).grammarId),
    grammarSince: 0,
  });

  w.mine(); // 4
  g = governanceView(head(w));
  const grammarKind = g.kinds[1];
  assert.deepEqual([grammarKind.nextDecision, grammarKind.counted, grammarKind.reachesQuorum], [8, '1000000', true]);
  assert.equal(grammarKind.leader, id(grammar(1)));

  const views = new ProposalViews(head(w));
  const one = views.summary(proposalIdOf(grammar(1)), grammar(1) as never)!;
  assert.deepEqual(
    { ...one, id: undefined },
    {
      id: undefined,
      kind: 'grammar',
      name: null,
      proposer: formatAddress(alice.address),
      deposit: G.minDeposit.toString(),
      created: 1,
      expires: 1 + G.proposalLifetime + 1,
      status: 'open',
      support: '700000',
      decision: 8,
      counted: '700000',
      odds: 0.7,
      leads: true,
    },
  );
  assert.equal(views.summary(proposalIdOf(grammar(2)), grammar(2) as never)!.odds, 0.3);
  const detail = views.detail(proposalIdOf(problem), problem as never, new Uint8Array(32))!;
  assert.equal(detail.name, 'digits <b>bold</b>', 'the name as text, for the page to write as text');
  assert.deepEqual(detail.problem, {
    dataRoot: toHex(sha3_256(Uint8Array.of(1))),
    dataSize: 5000,
    input: '8x8x1',
    classes: 2,
    metric: 'accuracy',
    threshold: { mode: 'fixed', startBp: 9000, floorBp: 5000, decayBp: 100, decaySeconds: 60 },
    maxModelBytes: 100_000,
  });
  assert.equal(detail.grammar, null);
  assert.deepEqual(detail.supports, []);
  assert.equal(views.summary(sha3_256(Uint8Array.of(9)), problem as never), undefined, 'no such proposal');
});

test('support records say whether they count; a late top-up restarts its lock', () => {
  const w = new World(config());
  w.mine([tx(alice, 0, grammar(1))]);
  w.mine([tx(carol, 0, support(grammar(1), 10n))]); // 2
  w.mineTo(5);
  w.mine([tx(dave, 0, support(grammar(1), 20n))]); // 6: the decision at 8 counts locks of 6 or older
  w.mine([tx(carol, 1, support(grammar(1), 5n))]); // 7: carol's whole lock is now of 7
  const d = new ProposalViews(head(w)).detail(proposalIdOf(grammar(1)), grammar(1) as never, new Uint8Array(32))!;
  assert.deepEqual(
    d.supports.map((s) => [s.address, s.amount, s.since, s.counted]),
    [
      [formatAddress(carol.address), '15', 7, false],
      [formatAddress(dave.address), '20', 6, true],
    ],
  );
  assert.equal(d.counted, '20');
  assert.equal(d.support, '35');
});

/** For each chain: the outlook one block before the decision, then the decision itself. */
test('the outlook agrees with the decision the next block makes: quorum, leader, lock-up, expiry', () => {
  const scenarios: {
    name: string;
    rules: ChainParams;
    build: (w: World) => void;
    decision: number;
    reaches: boolean;
  }[] = [
    {
      name: 'stake-max, quorum reached',
      rules: { ...params, governance: { ...G, selection: 'stake-max' } },
      build: (w) => {
        w.mine([tx(alice, 0, grammar(1)), tx(bob, 0, grammar(2))]);
        w.mine([tx(carol, 0, support(grammar(1), 400_000n)), tx(dave, 0, support(grammar(2), 500_000n))]);
        w.mine();
      },
      decision: 4,
      reaches: true,
    },
    {
      name: 'lottery, below quorum',
      rules: params,
      build: (w) => {
        w.mine([tx(alice, 0, grammar(1))]);
        w.mine([tx(carol, 0, support(grammar(1), 500_000n))]);
        w.mine();
      },
      decision: 4,
      reaches: false,
    },
    {
      name: 'lottery, the quorum only with a lock younger than C',
      rules: params,
      build: (w) => {
        w.mine([tx(alice, 0, grammar(1))]);
        w.mine([tx(carol, 0, support(grammar(1), 500_000n))]);
        w.mine([tx(dave, 0, support(grammar(1), 500_000n))]);
      },
      decision: 4,
      reaches: false,
    },
    {
      name: 'auction, the leader expires before the decision',
      rules: { ...params, governance: { ...G, selection: 'auction', proposalLifetime: 6 } },
      build: (w) => {
        w.mine([tx(alice, 0, grammar(1))]); // open through 7
        w.mine([tx(bob, 0, grammar(2))]); // open through 8
        // Too young to count at 4.
        w.mine([tx(carol, 0, support(grammar(1), 900_000n)), tx(dave, 0, support(grammar(2), 700_000n))]);
        w.mineTo(7);
      },
      decision: 8,
      reaches: true,
    },
  ];
  for (const s of scenarios) {
    const w = new World(config(), s.rules);
    s.build(w);
    assert.equal(w.height, s.decision - 1, s.name);
    const kind = governanceView(head(w, s.rules)).kinds[1];
    assert.equal(kind.nextDecision, s.decision, s.name);
    assert.equal(kind.reachesQuorum, s.reaches, s.name);
    w.mine();
    const pending = pendingActivation(w.state, 'grammar');
    assert.equal(pending !== undefined, kind.reachesQuorum, s.name);
    if (pending && s.rules.governance.selection !== 'lottery')
      assert.equal(toHex(pending.proposal), kind.leader, `${s.name}: the winner is the leader`);
  }
  // The auction's leader is the one still open at the decision, though the expired one has more support.
  const last = scenarios[3];
  const w = new World(config(), last.rules);
  last.build(w);
  assert.equal(governanceView(head(w, last.rules)).kinds[1].leader, id(grammar(2)));
});

test('lock-up and a pending activation move a kind’s next decision', () => {
  const w = new World(config());
  w.mine([tx(alice, 0, grammar(1))]);
  w.mine([tx(carol, 0, support(grammar(1), 700_000n))]);
  w.mineTo(4); // decided at 4, activates at 6
  assert.equal(toHex(pendingActivation(w.state, 'grammar')!.proposal), id(grammar(1)));
  const g = governanceView(head(w));
  assert.deepEqual(g.pending, [
    { kind: 'grammar', proposal: id(grammar(1)), rulesId: toHex(sha3_256(Uint8Array.of(1, 1))), at: 6 },
  ]);
  // Active from 6, the lock-up of 4 keeps the grammar's next decision to 12; the problem's is 8, the earliest.
  assert.equal(g.nextDecision, 8);
  assert.deepEqual(
    g.kinds.map((k) => k.nextDecision),
    [8, 12],
  );
});

test('the problems: genesis, then a problem proposal drawn, pending, then active; heights and best models', () => {
  const w = new World(config());
  const genesis = activeRules(w.state).problemId;
  w.mine([tx(alice, 0, problem), tx(carol, 0, support(problem, 700_000n))]);
  w.mineTo(5); // decided at 4, activates at 6
  const block = (height: number, correct: number): TrainedBlock => ({
    height,
    hash: sha3_256(Uint8Array.of(height)),
    score: { correct, total: 10 },
  });
  const g1 = { id: genesis, first: block(1, 3), last: block(5, 2), best: [block(4, 9), block(1, 3)] };
  let views = problemsView(head(w), genesis, [g1]);
  assert.deepEqual(
    views.map((v) => [v.id, v.genesis, v.status, v.activeFrom, v.activeTo, v.blocks, v.firstBlock, v.lastBlock]),
    [
      [toHex(genesis), true, 'active', 0, null, 5, 1, 5],
      [id(problem), false, 'pending', 6, null, 0, null, null],
    ],
  );
  assert.deepEqual(views[0].best[0], {
    height: 4,
    hash: toHex(sha3_256(Uint8Array.of(4))),
    score: { correct: 9, total: 10, bp: 9000 },
  });

  w.activations.set(id(problem), undefined); // its content passes its checks
  w.mineTo(8);
  assert.equal(toHex(activeRules(w.state).problemId), id(problem));
  const g2 = { ...g1, last: block(6, 2) };
  const p = { id: proposalIdOf(problem), first: block(7, 5), last: block(8, 6), best: [block(8, 6), block(7, 5)] };
  views = problemsView(head(w), genesis, [p, g2]);
  assert.deepEqual(
    views.map((v) => [v.genesis, v.status, v.activeFrom, v.activeTo, v.blocks]),
    [
      [true, 'past', 0, 6, 6],
      [false, 'active', 6, null, 2],
    ],
  );
});
