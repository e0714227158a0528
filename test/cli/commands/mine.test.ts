import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '../../../src/codec/hex.js';
import { sha3_256 } from '../../../src/crypto/hash.js';
import { genesisConfigToJson, parseGenesisConfig } from '../../../src/chain/genesis-config.js';
import { validationDigest } from '../../../src/consensus/problem.js';
import { loadDataset } from '../../../src/ml/data/load.js';
import { Random } from '../../../src/ml/tensor/random.js';
import { runCli } from '../../helpers/cli.js';

// A tiny image problem (8x8 one-channel, 2 classes: is the left half brighter?) in a data set folder, mined with
// the default grammar under a threshold of 0, so that each block needs one short training run.
let dir: string;
let genesisFile: string;

function csv(count: number, seed: number): string {
  const rng = new Random(seed);
  return Array.from({ length: count }, () => {
    const px = Array.from({ length: 64 }, () => Math.floor(rng.float() * 256));
    const left = px.filter((_, i) => i % 8 < 4).reduce((a, b) => a + b, 0);
    const right = px.reduce((a, b) => a + b, 0) - left;
    return [left > right ? 1 : 0, ...px].join(',');
  }).join('\n') + '\n';
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-mine-'));
  const data = join(dir, 'data');
  await mkdir(data);
  const files = { 'train.csv': csv(64, 1), 'validation.csv': csv(32, 2) };
  for (const [name, text] of Object.entries(files)) await writeFile(join(data, name), text);
  await writeFile(join(data, 'manifest.json'), JSON.stringify({
    name: 'halves', input: { kind: 'image', h: 8, w: 8, c: 1 }, classes: 2, metric: 'accuracy',
    files: Object.fromEntries(Object.entries(files).map(([n, t]) => [n, toHex(sha3_256(Buffer.from(t)))])),
    train: { csv: 'train.csv', scale: 255 }, validation: { csv: 'validation.csv', scale: 255 },
  }));
  const dev = JSON.parse(readFileSync(new URL('../../../config/genesis.dev.json', import.meta.url), 'utf8'));
  const config = parseGenesisConfig({
    ...dev,
    problem: {
      ...dev.problem, dataset: data, input: { kind: 'image', h: 8, w: 8, c: 1 }, classes: 2,
      validationDigest: toHex(validationDigest(loadDataset(data).validation)),
      threshold: { mode: 'fixed', startBp: 0, floorBp: 0, decayBp: 0, decaySeconds: 1 },
    },
  });
  genesisFile = join(dir, 'genesis.json');
  await writeFile(genesisFile, JSON.stringify(genesisConfigToJson(config)));
});
after(() => rm(dir, { recursive: true, force: true }));

test('coinai mine creates the data directory, mines blocks, and coinai chain verify re-verifies them', () => {
  const datadir = join(dir, 'node');
  const mined = runCli(['mine', '--datadir', datadir, '--genesis', genesisFile, '--blocks', '2', '--workers', '1', '--json']);
  assert.equal(mined.status, 0, mined.stderr);
  const blocks = JSON.parse(mined.stdout) as { height: number; phenotype: string; score: { total: number } }[];
  assert.deepEqual(blocks.map((b) => b.height), [1, 2]);
  assert.ok(blocks.every((b) => b.phenotype.length > 0 && b.score.total === 32));

  const verified = runCli(['chain', 'verify', '--datadir', datadir, '--json']);
  assert.equal(verified.status, 0, verified.stderr);
  assert.equal(JSON.parse(verified.stdout).blocks, 2);

  const text = runCli(['mine', '--datadir', datadir, '--blocks', '1', '--workers', '1']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^mined block 3 [0-9a-f]{64}: .* trained .* s, score \d+\/32 .*threshold 0\.00% at submission, verified in/);
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
