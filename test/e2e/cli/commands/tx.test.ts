// `coinai init` and `coinai tx`, run as the user runs them: a child process, text or --json out, one-line errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHex, toHex } from '../../../../src/codec/hex.js';
import { formatAddress } from '../../../../src/crypto/address.js';
import { decodeTransaction } from '../../../../src/chain/transaction.js';
import { verifyTransactionSignature } from '../../../../src/chain/tx-signing.js';
import { encryptKey } from '../../../../src/wallet/keystore.js';
import { alice, bob } from '../../../helpers/chain/fixtures.js';

const MAIN = new URL('../../../../src/cli/main.ts', import.meta.url).pathname;

function coinai(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, COINAI_PASSWORD: 'pw' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('init writes a data directory once; tx build --from-pubkey, tx sign and tx decode work offline', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-cli-'));
  try {
    const init = coinai('init', '--datadir', join(dir, 'node'), '--json');
    assert.equal(init.code, 0, init.err);
    assert.equal(JSON.parse(init.out).chainId, 1337);
    const again = coinai('init', '--datadir', join(dir, 'node'));
    assert.equal(again.code, 1);
    assert.match(again.err, /^error: already-initialised: .*\n$/);

    const keyFile = join(dir, 'alice.json');
    const ks = encryptKey({ privateKey: alice.seed, publicKey: alice.publicKey }, 'pw', { N: 1024, r: 8, p: 1 });
    await writeFile(keyFile, JSON.stringify(ks));
    const transferArgs = ['--to', formatAddress(bob.address), '--amount', '25'];
    const common = [...transferArgs, '--fee', '2', '--nonce', '3'];
    const buildUnsigned = (args: string[]) =>
      coinai('tx', 'build', '--from-pubkey', toHex(alice.publicKey), '--datadir', join(dir, 'node'), ...args, '--json');
    const unsigned = buildUnsigned(common);
    assert.equal(unsigned.code, 0, unsigned.err);
    assert.equal(JSON.parse(unsigned.out).signed, false);

    const signed = coinai('tx', 'sign', JSON.parse(unsigned.out).hex, '--key', keyFile, '--json');
    assert.equal(signed.code, 0, signed.err);
    const tx = decodeTransaction(fromHex('tx', JSON.parse(signed.out).hex));
    assert.ok(verifyTransactionSignature(tx));
    assert.deepEqual([tx.chainId, tx.amount, tx.fee, tx.nonce], [1337, 25n, 2n, 3]);

    // Without --fee the data directory's chain sets it, assuming the recipient is new: minFee + accountCreationFee.
    const byDefault = buildUnsigned([...transferArgs, '--nonce', '3']);
    assert.equal(byDefault.code, 0, byDefault.err);
    assert.equal(JSON.parse(byDefault.out).fee, '11000');

    const decoded = coinai('tx', 'decode', JSON.parse(signed.out).hex);
    assert.match(decoded.out, /signatureValid: true/);

    const bad = coinai('tx', 'build', '--from-key', keyFile, '--chain-id', '1', ...common.slice(0, -1), 'x');
    assert.equal(bad.code, 1);
    assert.equal(bad.err, "error: --nonce must be an integer in 0..9007199254740990, not 'x'\n");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
