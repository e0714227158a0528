// `coinai account` and `coinai wallet balance` against an API served in this process.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '../../../../src/codec/hex.js';
import { txHash } from '../../../../src/chain/tx-signing.js';
import { formatAddress } from '../../../../src/crypto/address.js';
import { createKey, keystoreDir } from '../../../../src/wallet/wallet-dir.js';
import { bob } from '../../../helpers/chain/fixtures.js';
import { runCliAsync } from '../../../helpers/cli.js';
import { call, startApi, type ApiFixture } from '../../node/api/fixture.js';

describe('coinai account and wallet balance', () => {
  let api: ApiFixture;
  before(async () => (api = await startApi()));
  after(() => api.close());

  test('account prints the balance, nonces and recent history, as text or JSON', async () => {
    const address = formatAddress(bob.address);
    const [text, json] = await Promise.all([
      runCliAsync(['account', address, '--api', api.url]),
      runCliAsync(['account', address, '--api', api.url, '--json', '--recent', '1']),
    ]);
    assert.equal(text.status, 0, text.stderr);
    const { body: account } = await call(`${api.url}/api/accounts/${address}`);
    assert.match(text.stdout, new RegExp(`^balance {2}${account.balance}$`, 'm'));
    assert.match(text.stdout, /^nonce {4}1 \(next transaction: 1; 0 pending\)$/m);
    const sent = toHex(txHash(api.blocks[1].txs[0]));
    const received = toHex(txHash(api.blocks[0].txs[0]));
    assert.match(text.stdout, new RegExp(`^ +2  sent +5 \\(fee 1\\) +to cai[0-9a-f]+  tx ${sent}$`, 'm'));
    assert.match(text.stdout, new RegExp(`^ +1  received +100 \\(fee 1\\) +from cai[0-9a-f]+  tx ${received}$`, 'm'));
    assert.equal(json.status, 0, json.stderr);
    const parsed = JSON.parse(json.stdout);
    assert.equal(parsed.balance, account.balance);
    assert.deepEqual(
      parsed.history.map((e: any) => [e.height, e.kind]),
      [[2, 'sent']],
    );
  });

  test('account refuses a malformed address in one line', async () => {
    const r = await runCliAsync(['account', 'cai1234', '--api', api.url]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error: address must be an address \(cai…\), not 'cai1234'/);
  });

  test("wallet balance prints every keystore key's balance and the total", async () => {
    const datadir = await mkdtemp(join(tmpdir(), 'coinai-wallet-'));
    try {
      const keys = await Promise.all([1, 2].map(() => createKey(keystoreDir(datadir), 'pw')));
      const r = await runCliAsync(['wallet', 'balance', '--datadir', datadir, '--api', api.url, '--json']);
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.deepEqual(out.accounts.map((a: any) => a.address).sort(), keys.map((k) => k.address).sort());
      assert.equal(out.total, '0');
      const text = await runCliAsync(['wallet', 'balance', '--datadir', datadir, '--api', api.url]);
      assert.match(text.stdout, /^total {4}0$/m);
      const none = await runCliAsync(['wallet', 'balance', '--datadir', join(datadir, 'empty'), '--api', api.url]);
      assert.match(none.stdout, /^no keys in /);
    } finally {
      await rm(datadir, { recursive: true, force: true });
    }
  });
});
