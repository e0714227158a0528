// `coinai devnet --governance`: a bad value is refused before anything is touched, so the previous devnet folder
// (which a good run empties first) keeps its genesis, keys and data.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliAsync } from '../../../helpers/cli.js';

describe('coinai devnet --governance', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'coinai-devnet-cli-'));
    await mkdir(join(dir, 'keys'));
    await mkdir(join(dir, 'node1'));
    await writeFile(join(dir, 'genesis.json'), '{}');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const [value, message] of [
    [
      'decisionInterval',
      "--governance must be key=value pairs, comma-separated, each key once, not 'decisionInterval'",
    ],
    ['decisionInterval=4,quorumBp=0', 'invalid governance.quorumBp: must be an integer in 1..10000'],
    ['decisionIntervals=4', 'invalid governance: unknown key "decisionIntervals"'],
  ]) {
    test(`'${value}' is refused and the old devnet folder kept`, async () => {
      const r = await runCliAsync(['devnet', '--governance', value, '--dir', dir, '--nodes', '1', '--miners', '0']);
      assert.equal(r.status, 1);
      assert.equal(r.stderr, `error: ${message}\n`);
      assert.deepEqual((await readdir(dir)).sort(), ['genesis.json', 'keys', 'node1']);
    });
  }
});
