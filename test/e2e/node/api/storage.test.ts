// The storage routes over the fixture's real chain (test params: R = 3, E = 4, D = 3, K = 2): block 1's model
// object waits without keepers, three keepers register, the challenge block at 4 places it, epoch 2 challenges
// every replica, and the misses at its window's end (11) strike them all.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../../../src/codec/hex.js';
import { formatAddress } from '../../../../src/crypto/address.js';
import { challengeOf } from '../../../../src/chain/storage/challenge.js';
import { params } from '../../../helpers/chain/fixtures.js';
import { registerPayload, tx } from '../../../unit/chain/storage/world.js';
import { call, KEEPERS, startApi, type ApiFixture } from './fixture.js';

const MIB = 2 ** 20;

describe('API storage: keepers, stored objects, the summary', () => {
  let api: ApiFixture;
  let root: string;
  before(async () => {
    api = await startApi();
    root = toHex(api.blocks[0].header.modelRoot);
  });
  after(() => api.close());

  const get = (path: string) => call(`${api.url}${path}`);
  const addresses = KEEPERS.map((k) => formatAddress(k.address));

  /** Mines empty blocks until the head is at `height`. */
  async function mineTo(height: number): Promise<void> {
    while (api.node.head().height < height) await api.extend([]);
  }

  test('a model without keepers waits: no replicas, by height and by root; the summary counts it', async () => {
    const byHeight = await get('/api/storage/1');
    assert.equal(byHeight.status, 200);
    assert.deepEqual(byHeight.body, {
      root,
      kind: 'model',
      size: 100_000,
      replication: 3,
      created: 1,
      replicas: [],
      live: 0,
      waiting: true,
    });
    assert.deepEqual((await get(`/api/storage/${root.toUpperCase()}`)).body, byHeight.body);
    assert.deepEqual((await get('/api/keepers')).body, { keepers: [] });
    const summary = (await get('/api/storage')).body;
    assert.deepEqual(
      { ...summary, params: undefined },
      {
        height: 2,
        epoch: null,
        objects: 1,
        bytes: 100_000,
        keepers: 0,
        underReplicated: 1,
        underReplicatedObjects: [{ root, kind: 'model', size: 100_000, replication: 3, replicas: 0, live: 0 }],
        params: undefined,
      },
    );
    assert.deepEqual(summary.params, {
      replication: 3,
      dataReplication: 4,
      epochLength: 4,
      challengeWindow: 3,
      maxStrikes: 2,
      minBond: '1000',
      unbondingDelay: 8,
      proofReward: '100',
      missPenalty: '10',
      dropPenalty: '100',
    });
  });

  test('bad ids are 400 with a clear error; unknown keepers, objects and blocks without a model 404', async () => {
    const cases: [string, number, RegExp][] = [
      ['/api/storage/xyz', 400, /params\/id must match pattern/],
      ['/api/storage/12345678901234567', 400, /params\/id must match pattern/],
      ['/api/keepers/cai123', 400, /address/],
      ['/api/storage/0', 404, /^block 0 has no model$/],
      ['/api/storage/99', 404, /^block 99 not found$/],
      [`/api/storage/${'ab'.repeat(32)}`, 404, new RegExp(`^stored object ${'ab'.repeat(32)} not found$`)],
      [`/api/keepers/${addresses[0]}`, 404, new RegExp(`^keeper ${addresses[0]} not found$`)],
    ];
    for (const [path, status, error] of cases) {
      const r = await get(path);
      assert.equal(r.status, status, path);
      assert.match(r.body.error, error, path);
      assert.equal(r.body.code, status === 400 ? 'bad-request' : 'not-found', path);
    }
  });

  test('three keepers register; the challenge block at 4 places the waiting model on all three', async () => {
    await api.extend(KEEPERS.map((k, i) => tx(k, 0, registerPayload((i + 1) * MIB))));
    await mineTo(4);
    const o = (await get('/api/storage/1')).body;
    assert.equal(o.waiting, false);
    assert.equal(o.live, 3);
    assert.deepEqual(
      o.replicas.map((r: { keeper: string }) => r.keeper),
      [...addresses].sort(),
    );
    for (const r of o.replicas)
      assert.deepEqual(r, { ...r, assigned: 4, strikes: 0, lastProof: 0, challenge: null, live: true });
    const { keepers } = (await get('/api/keepers')).body;
    assert.deepEqual(
      keepers.map((k: { address: string }) => k.address),
      addresses,
      'in registration order',
    );
    assert.deepEqual(keepers[1], {
      address: addresses[1],
      status: 'active',
      capacity: 2 * MIB,
      used: 100_000,
      bond: '1000',
      peerId: null, // registerPayload's bytes are no peer id
      registered: 3,
      unbondAt: 0,
      proofs: 0,
      misses: 0,
      earned: '0',
      burnt: '0',
      objects: 1,
    });
    const summary = (await get('/api/storage')).body;
    assert.deepEqual(
      [summary.keepers, summary.underReplicated, summary.epoch],
      [3, 0, { epoch: 1, height: 4, windowEnd: 7 }],
    );
  });

  test("epoch 2 challenges every replica: a keeper's page gives its segment; the misses at 11 strike them", async () => {
    await mineTo(8);
    const keeper = (await get(`/api/keepers/${addresses[0]}`)).body;
    const expected = challengeOf(params, api.node.state(), api.blocks[0].header.modelRoot, KEEPERS[0].address)!;
    assert.equal(expected.epoch, 2);
    assert.deepEqual(keeper.replicas, [
      {
        root,
        kind: 'model',
        size: 100_000,
        keeper: addresses[0],
        assigned: 4,
        strikes: 0,
        lastProof: 0,
        challenge: { epoch: 2, segment: expected.segment, windowEnd: 11 },
        live: true,
      },
    ]);
    await mineTo(11);
    const o = (await get(`/api/storage/${root}`)).body;
    assert.deepEqual(
      o.replicas.map((r: { strikes: number; live: boolean; challenge: unknown }) => [r.strikes, r.live, r.challenge]),
      [
        [1, false, null],
        [1, false, null],
        [1, false, null],
      ],
    );
    assert.equal(o.live, 0);
    const k = (await get(`/api/keepers/${addresses[2]}`)).body;
    assert.deepEqual([k.misses, k.burnt, k.bond], [1, '10', '990']);
    const text = await (await fetch(`${api.url}/metrics`)).text();
    for (const line of [
      'coinai_keepers 3',
      'coinai_stored_objects 1',
      'coinai_stored_bytes 100000',
      'coinai_under_replicated_objects 1',
      'coinai_storage_epoch 2',
    ])
      assert.ok(text.split('\n').includes(line), line);
  });
});
