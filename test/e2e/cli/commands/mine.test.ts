import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../helpers/cli.js';
import { writeTinyImageChain } from '../../../helpers/tiny-image-chain.js';

// The tiny image problem under a threshold of 0, so that each block needs one short training run.
let dir: string;
let genesisFile: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-mine-'));
  const alloc = [{ address: new Uint8Array(20).fill(7), balance: 1000n }];
  genesisFile = (
    await writeTinyImageChain(dir, alloc, { mode: 'fixed', startBp: 0, floorBp: 0, decayBp: 0, decaySeconds: 1 })
  ).file;
});
after(() => rm(dir, { recursive: true, force: true }));

test('coinai mine creates the data directory, mines blocks, and coinai chain verify re-verifies them', () => {
  const datadir = join(dir, 'node');
  const mined = runCli([
    'mine',
    '--datadir',
    datadir,
    '--genesis',
    genesisFile,
    '--blocks',
    '2',
    '--cores',
    '1',
    '--json',
  ]);
  assert.equal(mined.status, 0, mined.stderr);
  const blocks = JSON.parse(mined.stdout) as { height: number; phenotype: string; score: { total: number } }[];
  assert.deepEqual(
    blocks.map((b) => b.height),
    [1, 2],
  );
  assert.ok(blocks.every((b) => b.phenotype.length > 0 && b.score.total === 32));

  const verified = runCli(['chain', 'verify', '--datadir', datadir, '--json']);
  assert.equal(verified.status, 0, verified.stderr);
  assert.equal(JSON.parse(verified.stdout).blocks, 2);

  const text = runCli(['mine', '--datadir', datadir, '--blocks', '1', '--cores', '1']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(
    text.stdout,
    /^mined block 3 [0-9a-f]{64}: .* trained .* s, score \d+\/32 .*threshold 0\.00% at submission, verified in/,
  );
  assert.match(text.stderr, /^block 3: nonce \d+ -> /m);
});

test('coinai chain verify names the block and rule when a model file was tampered with', async () => {
  const datadir = join(dir, 'node');
  const models = await readdir(join(datadir, 'models'));
  const file = join(datadir, 'models', models[0]);
  const bytes = readFileSync(file);
  bytes[bytes.length - 1] ^= 1;
  await writeFile(file, bytes);
  const r = runCli(['chain', 'verify', '--datadir', datadir]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^error: block \d: model-root-mismatch/);
});
