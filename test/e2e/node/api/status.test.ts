import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../../../src/codec/hex.js';
import { blockHash } from '../../../../src/chain/header.js';
import { problemId } from '../../../../src/consensus/problem.js';
import { call, PEER_ID, startApi, type ApiFixture } from './fixture.js';

describe('API status, head, peers, miner, metrics', () => {
  let api: ApiFixture;
  before(async () => (api = await startApi()));
  after(() => api.close());

  test('GET /api/status gives the chain id, fee rules, its peer id and the head, peers, sync and mining state', async () => {
    const { status, body } = await call(`${api.url}/api/status`);
    assert.equal(status, 200);
    assert.deepEqual(body, {
      chainId: 7,
      minFee: '1',
      accountCreationFee: '50',
      genesisHash: toHex(api.node.genesisHash),
      peerId: PEER_ID,
      height: 2,
      hash: toHex(blockHash(api.blocks[1].header)),
      timestamp: api.blocks[1].header.timestamp,
      peers: 1,
      syncing: false,
      mining: true,
      mempool: 1,
      // The genesis state's rules: the fixture chain's problem and grammar, nothing pending.
      problemId: toHex(problemId(api.node.problem)),
      grammarId: '00'.repeat(32),
      pendingActivations: [],
    });
  });

  test('GET /api/head gives the head header with text addresses and decimal nonces', async () => {
    const { body } = await call(`${api.url}/api/head`);
    assert.equal(body.height, 2);
    assert.equal(body.hash, toHex(blockHash(api.blocks[1].header)));
    assert.match(body.miner, /^cai[0-9a-f]{48}$/);
    assert.equal(body.nonce, '0');
  });

  test('GET /api/peers and /api/miner pass the node’s answers through', async () => {
    assert.deepEqual((await call(`${api.url}/api/peers`)).body.peers, api.node.peers());
    assert.deepEqual((await call(`${api.url}/api/miner`)).body, api.node.miner());
  });

  test('GET /metrics is Prometheus text with the head, peers, mempool, node and keeper counters', async () => {
    const res = await fetch(`${api.url}/metrics`);
    assert.match(res.headers.get('content-type')!, /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const line of [
      'coinai_head_height 2',
      'coinai_peers 1',
      'coinai_mempool_transactions 1',
      'coinai_blocks_verified_total 2',
      'coinai_block_verification_seconds_total 1.5',
      'coinai_evaluations_total 3',
      'coinai_samples_evaluated_total 4070',
      'coinai_blocks_dropped_total 5',
      'coinai_training_samples_per_second 1234.5',
      'coinai_keeper_objects 3',
      'coinai_keeper_bytes 12345',
      'coinai_keeper_proofs_sent_total 4',
      'coinai_keeper_proofs_accepted_total 2',
      'coinai_keeper_strikes 1',
      'coinai_keeper_fetch_bytes_total 65536',
    ]) {
      assert.ok(text.split('\n').includes(line), line);
    }
    assert.match(text, /^# TYPE coinai_blocks_verified_total counter$/m);
  });

  test('an unknown route is a 404 and an undecodable URL a 400, each with {error, code}', async () => {
    assert.deepEqual(await call(`${api.url}/api/nope?x=1`), {
      status: 404,
      body: { error: 'no route GET /api/nope', code: 'not-found' },
    });
    const badUrl = { status: 400, body: { error: "'/api/tx/%zz' is not a valid url component", code: 'bad-request' } };
    assert.deepEqual(await call(`${api.url}/api/tx/%zz`), badUrl);
  });
});
