// The verification flood against a real node process of the dev chain (4,006 validation samples), over real libp2p:
// several attacking peers, each with its own peer id, gossip bogus blocks at once (random weights, a claimed perfect
// score, a fresh nonce each, so no cache answers). The node evaluates one block per sender (the one that gets it
// banned; the rest wait behind it and are dropped), so the samples it evaluates per bogus block, read from its
// /metrics, stay far under 5% of a full evaluation, and its API keeps answering while it verifies off the event
// loop. The latency figures belong to `npm run bench flood`; here they are bounded only loosely.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeProcess } from '../../../../src/devnet/node-process.js';
import { DEV_GENESIS } from '../../../../src/cli/commands/init.js';
import { loadRules } from '../../../../src/node/chain/load-rules.js';
import { readGenesisFile } from '../../../../src/node/db/datadir.js';
import { bogusBlocks, Flooder } from '../../../helpers/flood.js';
import { CLI, eventually } from '../../cluster.js';

const SENDERS = 4;
const BLOCKS_EACH = 5;

let dir: string;
let node: NodeProcess;
const flooders: Flooder[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-flood-'));
  node = await NodeProcess.start({
    cli: CLI,
    args: ['--datadir', join(dir, 'node'), '--p2p-port', '0', '--api-port', '0'],
    logFile: join(dir, 'node.log'),
  });
});

after(async () => {
  await Promise.all(flooders.map((f) => f.stop()));
  await node?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function metrics(): Promise<Record<string, number>> {
  const text = await (await fetch(`${node.addresses.api}/metrics`)).text();
  return Object.fromEntries(
    text
      .split('\n')
      .filter((l) => l.startsWith('coinai_'))
      .map((l) => [l.split(' ')[0], Number(l.split(' ')[1])]),
  );
}

async function bannedPeers(): Promise<Set<string>> {
  const lines = (await readFile(node.logFile, 'utf8')).split('\n').filter(Boolean);
  const banned = lines
    .map((l) => JSON.parse(l) as { msg?: string; peer?: string })
    .filter((l) => l.msg === 'peer banned');
  return new Set(banned.map((l) => l.peer!));
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

test('a flood of bogus blocks from several peers: one evaluation per sender, every sender banned, the API answers', async () => {
  const config = await readGenesisFile(DEV_GENESIS);
  const { rules } = loadRules(config);
  const samples = rules.validation.count;
  const timestamp = Math.floor(Date.now() / 1000) - 1;
  for (let s = 0; s < SENDERS; s++) {
    const blocks = bogusBlocks(config, rules, {
      count: BLOCKS_EACH,
      firstNonce: BigInt(1000 * (s + 1)),
      timestamp,
      claim: 'perfect',
    });
    flooders.push(await Flooder.start(config, node.addresses.addresses, node.addresses.peerId, blocks));
  }
  const before = await metrics();

  // GET /api/status polled for the whole flood.
  const latencies: number[] = [];
  let flooding = true;
  const poll = (async () => {
    while (flooding) {
      const t = performance.now();
      const res = await fetch(`${node.addresses.api}/api/status`);
      await res.json();
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  await Promise.all(flooders.map((f) => f.flood()));
  const senders = flooders.map((f) => f.network.peerId);
  await eventually('every sender banned', async () => {
    const banned = await bannedPeers();
    return senders.every((p) => banned.has(p));
  });
  flooding = false;
  await poll;

  const after = await metrics();
  const published = SENDERS * BLOCKS_EACH;
  const evaluations = after.coinai_evaluations_total - before.coinai_evaluations_total;
  const evaluated = after.coinai_samples_evaluated_total - before.coinai_samples_evaluated_total;
  const dropped = after.coinai_blocks_dropped_total - before.coinai_blocks_dropped_total;
  assert.equal(evaluations, SENDERS, 'one evaluation per sender: its next blocks waited for the verdict, then dropped');
  assert.ok(dropped <= published - SENDERS, `${dropped} dropped`);
  assert.ok(
    evaluated / published < 0.05 * samples,
    `${evaluated} samples for ${published} bogus blocks: ${(evaluated / published).toFixed(1)} each`,
  );
  assert.equal(after.coinai_head_height, 0);
  const p99 = percentile(latencies, 0.99);
  assert.ok(latencies.length > 0);
  // Loose on purpose (CI machines vary): a full evaluation on the event loop would stall it for seconds.
  assert.ok(p99 < 2000, `GET /api/status p99 ${p99.toFixed(0)} ms over ${latencies.length} requests`);
  assert.equal(await node.stop(), 0, 'the node stops cleanly, its evaluation thread with it');
});
