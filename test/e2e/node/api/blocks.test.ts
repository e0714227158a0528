import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../../../src/codec/hex.js';
import { blockHash } from '../../../../src/chain/header.js';
import { txHash } from '../../../../src/chain/tx-signing.js';
import { threshold } from '../../../../src/consensus/threshold.js';
import { call, startApi, type ApiFixture } from './fixture.js';

describe('API blocks', () => {
  let api: ApiFixture;
  before(async () => (api = await startApi()));
  after(() => api.close());

  test('GET /api/blocks/:id finds a block by height and by hash, with its txs, score and architecture', async () => {
    const hash = toHex(blockHash(api.blocks[0].header));
    const byHeight = await call(`${api.url}/api/blocks/1`);
    assert.equal(byHeight.status, 200);
    assert.deepEqual((await call(`${api.url}/api/blocks/${hash.toUpperCase()}`)).body, byHeight.body);
    const b = byHeight.body;
    assert.equal(b.hash, hash);
    assert.equal(b.mainChain, true);
    assert.deepEqual(b.score, { correct: 95, total: 100, bp: 9500 });
    assert.equal(b.modelSize, api.model.length);
    assert.equal(b.nonce, '7');
    assert.deepEqual(
      b.txs.map((t: { hash: string }) => t.hash),
      [toHex(txHash(api.blocks[0].txs[0]))],
    );
    assert.equal(b.txs[0].amount, '100');
    const derived = api.node.architecture(api.blocks[0].header)!;
    assert.equal(b.architecture.phenotype, derived.phenotype);
    assert.equal(b.architecture.input, '28x28x1');
    assert.equal(b.architecture.layers.length, derived.arch.layers.length);
    const last = b.architecture.layers.at(-1);
    assert.deepEqual(
      { ...last, params: undefined },
      { summary: 'dense 10', output: '10', params: undefined, layer: { type: 'dense', units: 10 } },
    );
    // Per layer, the parameters add up to the whole network's; a dense layer has in*units weights and units biases.
    const perLayer = b.architecture.layers.map((l: { params: number }) => l.params);
    assert.equal(
      perLayer.reduce((x: number, y: number) => x + y, 0),
      b.architecture.params,
    );
    const before = derived.arch.layers.length > 1 ? b.architecture.layers.at(-2).output : b.architecture.input;
    const inputs = before.split('x').reduce((x: string, y: string) => Number(x) * Number(y), 1);
    assert.equal(last.params, inputs * 10 + 10);
    // Block 1 is stamped 10 s after genesis: the threshold it had to reach is the rule's at that moment.
    const genesis = (await api.node.blockAt(0))!.block.header;
    assert.equal(b.thresholdBp, threshold(api.node.problem.threshold, genesis, b.timestamp));
  });

  test("GET /api/blocks/:id/derivation: each choice of the block's work hash, ending in its phenotype", async () => {
    const { status, body } = await call(`${api.url}/api/blocks/1/derivation`);
    assert.equal(status, 200);
    assert.equal(body.phenotype, api.node.architecture(api.blocks[0].header)!.phenotype);
    assert.equal(body.workHash.length, 128);
    assert.equal(body.rules[body.steps[0].rule].name, 'net', 'the start symbol first');
    // Replaying the steps' chosen alternatives, leftmost first, gives the phenotype's terminals.
    const pending = ['<net>'];
    const terminals: string[] = [];
    for (const step of body.steps) {
      while (!pending[0].startsWith('<')) terminals.push(pending.shift()!);
      const rule = body.rules[step.rule];
      assert.equal(pending.shift(), `<${rule.name}>`);
      const chosen = rule.alternatives[step.allowed[step.chosen]];
      if (step.m !== null) assert.equal(BigInt(step.m) % BigInt(step.allowed.length), BigInt(step.chosen));
      pending.unshift(...chosen.split(' ').filter((t: string) => t !== ''));
    }
    terminals.push(...pending);
    assert.equal(terminals.join(' '), body.phenotype);
    assert.equal((await call(`${api.url}/api/blocks/0/derivation`)).status, 404, 'genesis derives nothing');
    assert.equal((await call(`${api.url}/api/blocks/9/derivation`)).status, 404);
  });

  test("a block's verification time on this node is in its answer when the node has one", async () => {
    const hash = toHex(blockHash(api.blocks[1].header));
    assert.equal((await call(`${api.url}/api/blocks/2`)).body.verification, undefined);
    api.verifications.set(hash, { ms: 12.5, samples: 300, received: true });
    assert.deepEqual((await call(`${api.url}/api/blocks/2`)).body.verification, {
      ms: 12.5,
      samples: 300,
      received: true,
    });
  });

  test('genesis has no architecture', async () => {
    const { body } = await call(`${api.url}/api/blocks/0`);
    assert.equal(body.height, 0);
    assert.equal(body.architecture, null);
    assert.equal(body.thresholdBp, null);
  });

  test('an unknown block is a 404; a malformed id a 400', async () => {
    assert.equal((await call(`${api.url}/api/blocks/3`)).status, 404);
    assert.equal((await call(`${api.url}/api/blocks/${'ab'.repeat(32)}`)).status, 404);
    for (const id of ['-1', '1.5', 'abc', 'ab'.repeat(31), '9'.repeat(16)]) {
      const { status, body } = await call(`${api.url}/api/blocks/${id}`);
      assert.equal(status, 400, id);
      assert.equal(typeof body.error, 'string');
    }
  });

  test('GET /api/blocks lists main-chain headers from a height, bounded; the latest without from', async () => {
    const list = async (q: string) => (await call(`${api.url}/api/blocks${q}`)).body.blocks;
    const heights = async (q: string) => (await list(q)).map((b: { height: number }) => b.height);
    assert.deepEqual(await heights('?from=1&count=5'), [1, 2]);
    assert.deepEqual(await heights('?count=2'), [1, 2]);
    assert.deepEqual(await heights(''), [0, 1, 2]);
    assert.deepEqual(await heights('?from=9'), []);
    assert.equal((await list('?from=1&count=1'))[0].txCount, 1);
    for (const q of ['?count=101', '?count=0', '?from=-1', '?from=x']) {
      assert.equal((await call(`${api.url}/api/blocks${q}`)).status, 400, q);
    }
  });
});
