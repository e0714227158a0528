import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../../../src/codec/hex.js';
import { blockHash } from '../../../../src/chain/header.js';
import { encodeTransaction } from '../../../../src/chain/transaction.js';
import { txHash } from '../../../../src/chain/tx-signing.js';
import { alice, bob, testKey, transfer } from '../../../helpers/chain/fixtures.js';
import { call, postJson, startApi, type ApiFixture } from './fixture.js';

describe('API transactions and mempool', () => {
  let api: ApiFixture;
  before(async () => (api = await startApi()));
  after(() => api.close());
  const submit = (tx: unknown) => postJson(`${api.url}/api/tx`, { tx });

  test('GET /api/tx/:hash finds a mined transaction with its block, and a pending one', async () => {
    const mined = api.blocks[1].txs[0];
    const { status, body } = await call(`${api.url}/api/tx/${toHex(txHash(mined))}`);
    assert.equal(status, 200);
    assert.equal(body.status, 'mined');
    assert.deepEqual(body.block, { hash: toHex(blockHash(api.blocks[1].header)), height: 2, index: 0 });
    assert.equal(body.amount, '5');
    const pending = await call(`${api.url}/api/tx/${toHex(txHash(api.pending))}`);
    assert.equal(pending.body.status, 'pending');
    assert.equal(pending.body.block, null);
  });

  test('an unknown transaction is a 404; a malformed hash a 400', async () => {
    assert.equal((await call(`${api.url}/api/tx/${'00'.repeat(32)}`)).status, 404);
    assert.equal((await call(`${api.url}/api/tx/xyz`)).status, 400);
  });

  test('POST /api/tx admits a signed transaction, announces it and lists it in the mempool', async () => {
    const tx = transfer(alice, bob.address, 3n, 2n, 2);
    assert.deepEqual(await submit(toHex(encodeTransaction(tx))), { status: 200, body: { hash: toHex(txHash(tx)) } });
    assert.deepEqual(api.announced, [tx]);
    const { body } = await call(`${api.url}/api/mempool`);
    assert.equal(body.size, 2);
    assert.deepEqual(
      body.txs.map((t: { hash: string }) => t.hash).sort(),
      [toHex(txHash(tx)), toHex(txHash(api.pending))].sort(),
    );
  });

  test('POST /api/tx refuses bad signatures, mempool rejections and undecodable input with a 400', async () => {
    const tx = transfer(alice, bob.address, 3n, 2n, 3);
    const forged = await submit(toHex(encodeTransaction({ ...tx, amount: 4n })));
    assert.equal(forged.status, 400);
    assert.equal(forged.body.code, 'bad-signature');
    assert.match(forged.body.error, /signature/);
    const poor = await submit(toHex(encodeTransaction(transfer(testKey(9), bob.address, 1n, 1n, 0))));
    assert.deepEqual([poor.status, poor.body.code], [400, 'insufficient-balance']);
    for (const bad of ['zz', '00', toHex(encodeTransaction(tx)) + '00', 12, '']) {
      const r = await submit(bad);
      assert.equal(r.status, 400, String(bad));
      assert.equal(typeof r.body.error, 'string');
    }
    assert.equal((await postJson(`${api.url}/api/tx`, {})).status, 400);
    const truncated = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"tx":' };
    assert.equal((await call(`${api.url}/api/tx`, truncated)).status, 400);
    assert.equal(api.announced.length, 1);
  });

  test('an oversize body is refused with a 413 before it is read', async () => {
    const { status, body } = await submit('00'.repeat(20_000));
    assert.equal(status, 413);
    assert.equal(typeof body.error, 'string');
  });
});
