// `coinai model get`: downloads a block's model file from an API served in this process, checking its root.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '../../../../src/codec/hex.js';
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
