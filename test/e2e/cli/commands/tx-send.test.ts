// `coinai tx send`: signs with a key file and submits to an API served in this process.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHex } from '../../../../src/codec/hex.js';
import { formatAddress } from '../../../../src/crypto/address.js';
import { encryptKey } from '../../../../src/wallet/keystore.js';
import { alice, bob, testKey } from '../../../helpers/chain/fixtures.js';
import { runCliAsync } from '../../../helpers/cli.js';
import { startApi, type ApiFixture } from '../../node/api/fixture.js';

describe('coinai tx send', () => {
  let api: ApiFixture;
  let dir: string;
  let keyFile: string;
  before(async () => {
    api = await startApi();
    dir = await mkdtemp(join(tmpdir(), 'coinai-tx-send-'));
    keyFile = join(dir, 'alice.json');
    const ks = encryptKey({ privateKey: alice.seed, publicKey: alice.publicKey }, 'pw', { N: 1024, r: 8, p: 1 });
    await writeFile(keyFile, JSON.stringify(ks));
  });
  after(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  const send = (...args: string[]) => {
    const common = ['--to', formatAddress(bob.address), '--key', keyFile, '--api', api.url];
    return runCliAsync(['tx', 'send', ...common, ...args], { COINAI_PASSWORD: 'pw' });
  };

  test('signs for the node’s chain with the nonce after the pending ones, and the node pools it', async () => {
    const r = await send('--amount', '10', '--fee', '3', '--memo', 'hi', '--json');
    assert.equal(r.status, 0, r.stderr);
    const sent = JSON.parse(r.stdout);
    assert.deepEqual([sent.chainId, sent.nonce, sent.amount, sent.fee, sent.memo], [7, 2, '10', '3', 'hi']);
    const found = await api.node.transaction(fromHex('hash', sent.hash));
    assert.equal(found?.status, 'pending');
    assert.equal(found?.tx.nonce, 2);
  });

  test('without --fee pays the least fee the node’s chain takes; a zero fee is refused by the node', async () => {
    const toBob = await send('--amount', '1', '--nonce', '5', '--json');
    assert.equal(toBob.status, 0, toBob.stderr);
    assert.equal(JSON.parse(toBob.stdout).fee, '1'); // minFee: bob has an account
    const common = ['tx', 'send', '--key', keyFile, '--api', api.url, '--amount', '1', '--json'];
    const newcomer = formatAddress(testKey(77).address);
    const creating = await runCliAsync([...common, '--to', newcomer, '--nonce', '6'], { COINAI_PASSWORD: 'pw' });
    assert.equal(creating.status, 0, creating.stderr);
    assert.equal(JSON.parse(creating.stdout).fee, '51'); // minFee + accountCreationFee
    const free = await send('--amount', '1', '--fee', '0', '--nonce', '7');
    assert.equal(free.status, 1);
    assert.equal(
      free.stderr,
      `error: the node at ${api.url} answered 400: fee-below-minimum: fee 0, the minimum is 1\n`,
    );
  });

  test('the node’s refusal, and a bad argument before any request, are one line each', async () => {
    const [stale, badTo] = await Promise.all([
      send('--amount', '10', '--fee', '3', '--nonce', '0'),
      runCliAsync([
        'tx',
        'send',
        '--to',
        'cai00',
        '--amount',
        '1',
        '--fee',
        '1',
        '--key',
        keyFile,
        '--api',
        'http://127.0.0.1:9',
      ]),
    ]);
    assert.equal(stale.status, 1);
    assert.equal(
      stale.stderr,
      `error: the node at ${api.url} answered 400: bad-nonce: nonce 0 is below the account's 1\n`,
    );
    assert.equal(badTo.status, 1);
    assert.match(badTo.stderr, /^error: --to must be an address \(cai…\), not .*\n$/);
  });
});
