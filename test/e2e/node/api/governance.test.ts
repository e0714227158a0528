// The governance routes over the fixture's real chain (test params: P = 4, quorum 10%, C = 2, A = 2, lock-up 4,
// X = 40, minDeposit 100): a problem and a grammar are proposed at 3, a keeper backs the problem at 4, the decision
// at 8 selects it, it activates at 10, and the blocks after train it. `coinai proposals` reads the same routes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { activeRules } from '../../../../src/chain/governance/active.js';
import { blockHash } from '../../../../src/chain/header.js';
import { proposalIdOf } from '../../../../src/chain/tx-payload.js';
import { txHash } from '../../../../src/chain/tx-signing.js';
import { toHex } from '../../../../src/codec/hex.js';
import { formatAddress } from '../../../../src/crypto/address.js';
import { params } from '../../../helpers/chain/fixtures.js';
import { tx } from '../../../unit/chain/storage/world.js';
import { grammarProposal, problemProposal } from '../../../helpers/chain/proposals.js';
import { runCliAsync } from '../../../helpers/cli.js';
import { call, KEEPERS, startApi, type ApiFixture } from './fixture.js';

const G = params.governance;
/** A name as its proposer chose it: markup, for the pages to show as text. */
const NAME = '<img src=x onerror=alert(1)> halves';
const problem = problemProposal(NAME, G.minDeposit);
const grammar = grammarProposal(2, G.minDeposit);
const [k0, k1, k2] = KEEPERS;
const problemId = toHex(proposalIdOf(problem));
const grammarId = toHex(proposalIdOf(grammar));

describe('API governance: proposals, support, the decision, the problems', () => {
  let api: ApiFixture;
  let genesisProblem: string;
  const proposeTx = tx(k0, 0, problem);
  before(async () => {
    api = await startApi();
    genesisProblem = toHex(activeRules(api.node.state()).problemId);
    await api.extend([proposeTx, tx(k1, 0, grammar)]); // 3
    await api.extend([tx(k2, 0, { kind: 'support', proposal: proposalIdOf(problem), amount: 40_000n })]); // 4
  });
  after(() => api.close());

  const get = (path: string) => call(`${api.url}${path}`);
  async function mineTo(height: number): Promise<void> {
    while (api.node.head().height < height) await api.extend([]);
  }

  test('GET /api/governance: the active rules, the next decision, the quorum and counted support', async () => {
    const { status, body } = await get('/api/governance');
    assert.equal(status, 200);
    // Supply at 8: the genesis allocation (10,000 + 500 + 3 × 100,000) and 8 rewards of 1,000.
    const supply = 310_500 + 8_000;
    assert.deepEqual(body, {
      height: 4,
      active: { problemId: genesisProblem, problemSince: 0, grammarId: body.active.grammarId, grammarSince: 0 },
      pending: [],
      nextDecision: 8,
      selection: 'lottery',
      supply: String(supply),
      quorumBp: 1000,
      quorum: String(Math.ceil(supply / 10)),
      params: {
        minDeposit: '100',
        proposalLifetime: 40,
        decisionInterval: 4,
        confirmBlocks: 2,
        activationDelay: 2,
        lockUp: 4,
      },
      kinds: [
        {
          kind: 'problem',
          nextDecision: 8,
          supply: String(supply),
          quorum: String(Math.ceil(supply / 10)),
          counted: '40000',
          reachesQuorum: true,
          candidates: 1,
          leader: problemId,
        },
        {
          kind: 'grammar',
          nextDecision: 8,
          supply: String(supply),
          quorum: String(Math.ceil(supply / 10)),
          counted: '0',
          reachesQuorum: false,
          candidates: 1,
          leader: null,
        },
      ],
    });
  });

  test('GET /api/proposals: newest first, with support, counted support and odds; ?status= filters', async () => {
    const { status, body } = await get('/api/proposals');
    assert.equal(status, 200);
    assert.deepEqual(
      body.proposals.map((p: any) => [p.id, p.kind, p.name, p.support, p.counted, p.odds, p.leads, p.decision]),
      [
        [grammarId, 'grammar', null, '0', '0', 0, false, 8],
        [problemId, 'problem', NAME, '40000', '40000', 1, true, 8],
      ],
    );
    assert.deepEqual(body.proposals[1], {
      id: problemId,
      kind: 'problem',
      name: NAME,
      proposer: formatAddress(k0.address),
      deposit: '100',
      created: 3,
      expires: 44,
      status: 'open',
      support: '40000',
      decision: 8,
      counted: '40000',
      odds: 1,
      leads: true,
    });
    assert.deepEqual((await get('/api/proposals?status=selected')).body, { height: 4, proposals: [] });
    assert.deepEqual(
      (await get('/api/proposals?count=1')).body.proposals.map((p: any) => p.id),
      [grammarId],
    );
  });

  test('coinai proposals prints the table with support, counted support and odds; --status filters', async () => {
    const [text, json, selected, bad] = await Promise.all([
      runCliAsync(['proposals', '--api', api.url]),
      runCliAsync(['proposals', '--api', api.url, '--json']),
      runCliAsync(['proposals', '--api', api.url, '--status', 'selected']),
      runCliAsync(['proposals', '--api', api.url, '--status', 'won']),
    ]);
    assert.equal(text.status, 0, text.stderr);
    const lines = text.stdout.split('\n');
    assert.equal(lines[0], 'at height 4, selection lottery, quorum 10% of the supply');
    assert.match(lines[1], /^ {2}problem +next decision at 8: counted 40000 of 31850 needed \(quorum reached\)$/);
    assert.match(lines[2], /^ {2}grammar +next decision at 8: counted 0 of 31850 needed$/);
    assert.match(lines[4], /^id +kind +status +created +expires +support +counted +odds +name$/);
    assert.match(lines[5], new RegExp(`^${grammarId} +grammar +open +3 +44 +0 +0 +0\\.0% +$`));
    assert.match(lines[6], new RegExp(`^${problemId} +problem +open +3 +44 +40000 +40000 +100\\.0% +<img src=x`));
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout).proposals, (await get('/api/proposals')).body.proposals);
    assert.equal(selected.status, 0, selected.stderr);
    assert.match(selected.stdout, /\nno proposals\n$/);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--status must be one of open, selected, lost, expired, not 'won'/);
  });

  test('GET /api/proposals/:id: the payload and the support records', async () => {
    const { status, body } = await get(`/api/proposals/${problemId.toUpperCase()}`);
    assert.equal(status, 200);
    assert.equal(body.tx, toHex(txHash(proposeTx)));
    // The view's fields are the unit tests'; here, that the route reads the proposing transaction.
    assert.deepEqual([body.problem.dataRoot, body.problem.input], [toHex(problem.dataRoot), '8x8x1']);
    assert.equal(body.grammar, null);
    assert.deepEqual(body.supports, [{ address: formatAddress(k2.address), amount: '40000', since: 4, counted: true }]);
    const g = (await get(`/api/proposals/${grammarId}`)).body;
    assert.deepEqual(g.grammar, {
      grammarId: toHex(grammar.grammarId),
      fileRoot: toHex(grammar.fileRoot),
      fileSize: 102,
    });
    assert.equal(g.problem, null);
  });

  test('GET /api/search finds a proposal by its id', async () => {
    assert.deepEqual((await get(`/api/search?q=${problemId.toUpperCase()}`)).body, { kind: 'proposal', id: problemId });
  });

  test('bad queries and ids are 400 with a clear error; an unknown proposal 404', async () => {
    const cases: [string, number, RegExp][] = [
      ['/api/proposals/xyz', 400, /params\/id must match pattern/],
      [`/api/proposals/${'0'.repeat(63)}`, 400, /params\/id must match pattern/],
      [`/api/proposals/${'ab'.repeat(32)}`, 404, new RegExp(`^proposal ${'ab'.repeat(32)} not found$`)],
      ['/api/proposals?status=won', 400, /querystring\/status must be equal to one of the allowed values/],
      ['/api/proposals?count=0', 400, /querystring\/count must be >= 1/],
      ['/api/proposals?count=101', 400, /querystring\/count must be <= 100/],
    ];
    for (const [path, code, error] of cases) {
      const { status, body } = await get(path);
      assert.equal(status, code, path);
      assert.match(body.error, error, path);
    }
  });

  test('GET /api/problems follows the decision, the activation and the blocks that train the new problem', async () => {
    let { body } = await get('/api/problems');
    assert.deepEqual(
      body.problems.map((p: any) => [p.id, p.status, p.activeFrom, p.activeTo, p.blocks]),
      [[genesisProblem, 'active', 0, null, 4]],
    );
    // Block 1's model scored 95 of 100; the others claim none.
    assert.deepEqual(body.problems[0].best[0], {
      height: 1,
      hash: toHex(blockHash(api.blocks[0].header)),
      score: { correct: 95, total: 100, bp: 9500 },
    });

    await mineTo(8);
    assert.equal((await get(`/api/proposals/${problemId}`)).body.status, 'selected');
    assert.deepEqual(
      (await get('/api/proposals?status=selected')).body.proposals.map((p: any) => p.id),
      [problemId],
    );
    assert.deepEqual((await get('/api/governance')).body.pending, [
      { kind: 'problem', proposal: problemId, rulesId: problemId, at: 10 },
    ]);
    ({ body } = await get('/api/problems'));
    assert.deepEqual(
      body.problems.map((p: any) => [p.id, p.name, p.status, p.activeFrom, p.activeTo, p.blocks]),
      [
        [genesisProblem, 'ledger-tests', 'active', 0, null, 8],
        [problemId, NAME, 'pending', 10, null, 0],
      ],
    );

    await mineTo(12);
    ({ body } = await get('/api/problems'));
    assert.deepEqual(
      body.problems.map((p: any) => [p.status, p.activeFrom, p.activeTo, p.blocks, p.firstBlock, p.lastBlock]),
      [
        ['past', 0, 10, 10, 1, 10],
        ['active', 10, null, 2, 11, 12],
      ],
    );
    assert.deepEqual(
      body.problems[1].best.map((b: any) => b.height),
      [11, 12],
      'equal scores: the earliest first',
    );
  });
});
