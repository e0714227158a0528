// `coinai node start --mine` takes `coinai mine`'s miner options: --policy search with --candidates and a --trainer
// command mines through that program (its stderr in the node's log), --policy single with the built-in trainer on
// --cores threads mines too. The tiny image problem under a threshold of 0: any weights make a block.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeProcess } from '../../../../src/devnet/node-process.js';
import type { StatusJson } from '../../../../src/node/api/routes/status.js';
import { writeTinyImageChain } from '../../../helpers/tiny-image-chain.js';
import { CLI } from '../../cluster.js';

let dir: string;
let genesisFile: string;
const nodes: NodeProcess[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-node-mine-'));
  genesisFile = (
    await writeTinyImageChain(dir, [], { mode: 'fixed', startBp: 0, floorBp: 0, decayBp: 0, decaySeconds: 1 })
  ).file;
});
after(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
  await rm(dir, { recursive: true, force: true });
});

/** A node mining with `args` until it has mined a block; returns its log. */
async function mineOne(name: string, args: string[]): Promise<string> {
  const logFile = join(dir, `${name}.log`);
  const node = await NodeProcess.start({
    cli: CLI,
    args: [
      '--datadir',
      join(dir, name),
      '--genesis',
      genesisFile,
      '--p2p-port',
      '0',
      '--api-port',
      '0',
      '--mine',
      ...args,
    ],
    logFile,
  });
  nodes.push(node);
  const deadline = Date.now() + 120_000;
  while (((await (await fetch(`${node.addresses.api}/api/status`)).json()) as StatusJson).height < 1) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${name} to mine a block`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return readFile(logFile, 'utf8');
}

test('node start --mine --policy search --candidates 2 --trainer CMD mines through the external trainer', async () => {
  // A trainer in the coinai-trainer/1 protocol (docs/TRAINERS.md) that sets every weight without training:
  // small positive values, so that batch-norm variances are valid.
  const trainer = join(dir, 'trainer.mjs');
  await writeFile(
    trainer,
    `import { readFileSync, writeFileSync } from 'node:fs';
const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const count = job.torch.params.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
const weights = new Float32Array(count).map((_, i) => 0.01 + Math.abs(Math.sin(i)) / 10);
writeFileSync(job.output.weights, Buffer.from(weights.buffer));
writeFileSync(job.output.result, JSON.stringify({ validationAccuracy: 0.5, stopReason: 'epochs', seconds: 0 }));
process.stderr.write('script trainer: ' + count + ' weights\\n');
`,
  );
  const log = await mineOne('external', [
    '--policy',
    'search',
    '--candidates',
    '2',
    '--trainer',
    `'${process.execPath}' '${trainer}'`,
  ]);
  assert.match(log, /"line":"script trainer: \d+ weights","msg":"trainer"/);
  assert.match(log, /"msg":"candidate probed"/);
  assert.match(log, /"msg":"mined block"/);
});

test('node start --mine --policy single --cores 1 mines with the built-in trainer, probing nothing', async () => {
  const log = await mineOne('single', ['--policy', 'single', '--cores', '1']);
  assert.match(log, /"msg":"mined block"/);
  assert.doesNotMatch(log, /"msg":"candidate probed"/);
});
