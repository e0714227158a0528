import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../../../src/codec/hex.js';
import { formatAddress } from '../../../../src/crypto/address.js';
import { alice, testKey } from '../../../helpers/chain/fixtures.js';
import { call, startApi, type ApiFixture } from './fixture.js';

describe('API accounts and model files', () => {
  let api: ApiFixture;
  before(async () => (api = await startApi()));
  after(() => api.close());

  test('GET /api/accounts/:address gives the balance, the nonce and the next nonce after pending ones', async () => {
    const address = formatAddress(alice.address);
    const { status, body } = await call(`${api.url}/api/accounts/${address}`);
    assert.equal(status, 200);
    assert.deepEqual(body, { address, balance: String(10_000 - 101 + 5), nonce: 1, pending: 1, nextNonce: 2 });
    const unknown = formatAddress(testKey(9).address);
    const empty = { address: unknown, balance: '0', nonce: 0, pending: 0, nextNonce: 0 };
    assert.deepEqual((await call(`${api.url}/api/accounts/${unknown}`)).body, empty);
  });

  test('a malformed address or a wrong checksum is a 400 naming the problem', async () => {
    const address = formatAddress(alice.address);
    const wrongSum = address.slice(0, -1) + (address.endsWith('0') ? '1' : '0');
    for (const bad of [wrongSum, address.toUpperCase(), 'cai12', 'x'.repeat(65)]) {
      const { status, body } = await call(`${api.url}/api/accounts/${bad}`);
      assert.equal(status, 400, bad);
      assert.equal(typeof body.error, 'string');
    }
    assert.match((await call(`${api.url}/api/accounts/${wrongSum}`)).body.error, /checksum/);
  });

  test('GET /api/models/:root serves the model file as bytes; an unknown root is a 404', async () => {
    const root = toHex(api.blocks[0].header.modelRoot);
    const res = await fetch(`${api.url}/api/models/${root}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/octet-stream');
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), api.model);
    const missing = await call(`${api.url}/api/models/${'11'.repeat(32)}`);
    assert.equal(missing.status, 404);
    assert.match(missing.body.error, /not found/);
    assert.equal((await call(`${api.url}/api/models/nothex`)).status, 400);
  });
});
