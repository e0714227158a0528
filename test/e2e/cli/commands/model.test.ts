// `coinai model get`: downloads a block's model file from an API served in this process, checking its root.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '../../../../src/codec/hex.js';
import { blockHash } from '../../../../src/chain/header.js';
import { txHash } from '../../../../src/chain/tx-signing.js';
import { runCliAsync } from '../../../helpers/cli.js';
import { startApi, type ApiFixture } from '../../node/api/fixture.js';

describe('coinai model get', () => {
  let api: ApiFixture;
  let dir: string;
  before(async () => {
    api = await startApi();
    dir = await mkdtemp(join(tmpdir(), 'coinai-model-get-'));
  });
  after(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('writes the model file of a block; refuses a block without one', async () => {
    const out = join(dir, 'block1.cai');
    const [got, none] = await Promise.all([
      runCliAsync(['model', 'get', '1', '--out', out, '--api', api.url, '--json']),
      runCliAsync(['model', 'get', '0', '--out', join(dir, 'genesis.cai'), '--api', api.url]),
    ]);
    assert.equal(got.status, 0, got.stderr);
    assert.deepEqual(new Uint8Array(await readFile(out)), api.model);
    assert.equal(JSON.parse(got.stdout).modelRoot, toHex(api.blocks[0].header.modelRoot));
    assert.equal(none.status, 1);
    assert.equal(none.stderr, 'error: block 0 has no model\n');
  });

  test('takes a model root or a block hash for the block; refuses other ids', async () => {
    const root = toHex(api.blocks[0].header.modelRoot);
    const byRoot = join(dir, 'by-root.cai');
    const byHash = join(dir, 'by-hash.cai');
    const [got, hashed, tx, bad] = await Promise.all([
      runCliAsync(['model', 'get', root.toUpperCase(), '--out', byRoot, '--api', api.url, '--json']),
      runCliAsync(['model', 'get', toHex(blockHash(api.blocks[0].header)), '--out', byHash, '--api', api.url]),
      runCliAsync(['model', 'get', toHex(txHash(api.pending)), '--out', join(dir, 'tx.cai'), '--api', api.url]),
      runCliAsync(['model', 'get', 'abc', '--out', join(dir, 'abc.cai'), '--api', api.url]),
    ]);
    assert.equal(got.status, 0, got.stderr);
    assert.equal(JSON.parse(got.stdout).height, 1);
    assert.deepEqual(new Uint8Array(await readFile(byRoot)), api.model);
    assert.equal(hashed.status, 0, hashed.stderr);
    assert.deepEqual(new Uint8Array(await readFile(byHash)), api.model);
    assert.equal(tx.status, 1);
    assert.equal(tx.stderr, `error: ${toHex(txHash(api.pending))} is a tx, not a block or a model root\n`);
    assert.equal(bad.status, 1);
    assert.equal(
      bad.stderr,
      "error: the id must be a height, a model root or a block hash (64 hex digits), not 'abc'\n",
    );
  });

  test('refuses bytes whose Merkle root is not the block’s, and writes nothing', async () => {
    const root = toHex(api.blocks[0].header.modelRoot);
    const tampered = api.model.slice();
    tampered[70_000] ^= 1;
    api.models.set(root, tampered);
    const out = join(dir, 'tampered.cai');
    const r = await runCliAsync(['model', 'get', '1', '--out', out, '--api', api.url]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error: the node sent 100000 bytes with root [0-9a-f]{64}, not block 1's model/);
    assert.equal(existsSync(out), false);
  });
});
