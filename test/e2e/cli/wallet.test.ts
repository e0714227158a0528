import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { loadKey } from '../../../src/wallet/wallet-dir.js';

test('wallet new, list and address agree, and the key opens with its password', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'coinai-wallet-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { COINAI_PASSWORD: 'hunter2' };

  const made = runCli(['wallet', 'new', '--datadir', dir, '--json'], env);
  assert.equal(made.status, 0, made.stderr);
  const { address, file } = JSON.parse(made.stdout);
  assert.deepEqual(readdirSync(join(dir, 'keystore')), [`${address}.json`]);

  const listed = runCli(['wallet', 'list', '--datadir', dir, '--json']);
  assert.deepEqual(
    JSON.parse(listed.stdout).map((k: { address: string }) => k.address),
    [address],
  );

  const shown = runCli(['wallet', 'address', '--key', file]);
  assert.equal(shown.stdout.trim(), address);

  const key = await loadKey(file, 'hunter2');
  assert.equal(key.privateKey.length, 32);
  await assert.rejects(loadKey(file, 'wrong'), /wrong password/);
});

test('wallet errors are one line and a non-zero exit', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'coinai-wallet-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const junk = join(dir, 'junk.json');
  writeFileSync(junk, '{"version":1}');
  for (const args of [
    ['wallet', 'address', '--key', junk],
    ['wallet', 'address', '--key', join(dir, 'none.json')],
  ]) {
    const r = runCli(args);
    assert.notEqual(r.status, 0);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^error: /);
  }
  const empty = runCli(['wallet', 'new', '--datadir', dir], { COINAI_PASSWORD: '' });
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /empty password/);
  const none = runCli(['wallet', 'new', '--datadir', dir], { COINAI_PASSWORD: undefined });
  assert.equal(none.status, 1);
  assert.match(none.stderr, /set COINAI_PASSWORD/);
  assert.deepEqual(readdirSync(dir), ['junk.json'], 'a refused command writes nothing');
});
