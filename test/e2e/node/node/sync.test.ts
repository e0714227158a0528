// Sync across a fork, in process: two nodes that share a block and then mined apart (2 blocks on one side, 4 on
// the other) meet; the lighter walks back below its own head to the common ancestor, fetches the heavier branch with
// its models, verifies it and reorganises onto it. Then a fresh node meets that chain and a peer that claims far
// more weight than its headers prove: the liar is penalised and the node syncs from the honest peer. Last, nodes
// started by the CLI sync the chain with `--assume-valid` (the head's parent: only the head is evaluated) and with
// a chain config whose default `--assume-valid none` turns off (every block is evaluated).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { blockHash, decodeHeader, encodeHeader } from '../../../../src/chain/header.js';
import { fromHex, toHex } from '../../../../src/codec/hex.js';
import type { StatusJson } from '../../../../src/node/api/routes/status.js';
import { openChain } from '../../../../src/node/chain/open-chain.js';
import { initDataDir } from '../../../../src/node/db/datadir.js';
import { Miner } from '../../../../src/node/miner/miner.js';
import { DEFAULT_MINER_OPTIONS } from '../../../../src/node/miner/options.js';
import { nodeLogger } from '../../../../src/node/log/log.js';
import { startNode, type RunningNode } from '../../../../src/node/node.js';
import { NodeProcess } from '../../../../src/devnet/node-process.js';
import { Network } from '../../../../src/node/p2p/network.js';
import type { Head } from '../../../../src/node/p2p/status.js';
import { INVALID_BLOCK_POINTS } from '../../../../src/node/sync/peer-faults.js';
import { UNPROVEN_CLAIM_POINTS } from '../../../../src/node/sync/sync.js';
import { miner } from '../../../helpers/chain/fixtures.js';
import { writeTinyImageChain } from '../../../helpers/tiny-image-chain.js';
import { CLI } from '../../cluster.js';

let dir: string;
let genesisFile: string;
const running: RunningNode[] = [];
const networks: Network[] = [];
const processes: NodeProcess[] = [];
let best: { hash: string; weight: bigint } | undefined;
let honest: RunningNode | undefined;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-sync-'));
  const chain = await writeTinyImageChain(dir, []);
  genesisFile = chain.file;
  await (await initDataDir(join(dir, 'a'), chain.config)).store.close();
});
after(async () => {
  await Promise.all(processes.map((n) => n.stop()));
  await Promise.all(networks.map((n) => n.stop()));
  await Promise.all(running.map((n) => n.stop()));
  await rm(dir, { recursive: true, force: true });
});

/** Mines `blocks` blocks on a data directory; returns its head hash and total weight. */
async function mine(datadir: string, blocks: number): Promise<{ hash: string; weight: bigint }> {
  const { chain, dataset } = await openChain(datadir);
  try {
    const m = new Miner(chain, dataset, {
      ...DEFAULT_MINER_OPTIONS,
      miner: miner.address,
      workers: 1,
      timeBudgetSeconds: 30,
    });
    for (let i = 0; i < blocks; i++) await m.mineBlock();
    const hash = blockHash(chain.head);
    return { hash: toHex(hash), weight: (await chain.store.meta(hash))!.totalWeight };
  } finally {
    await chain.store.close();
  }
}

async function status(node: RunningNode): Promise<StatusJson> {
  return (await fetch(`${node.apiUrl}/api/status`)).json() as Promise<StatusJson>;
}

test('a node on a lighter branch walks back to the common ancestor and reorganises onto the heavier chain', async () => {
  await mine(join(dir, 'a'), 1);
  await cp(join(dir, 'a'), join(dir, 'b'), { recursive: true });
  const a = await mine(join(dir, 'a'), 4);
  const b = await mine(join(dir, 'b'), 2);
  const [heavier, lighter] =
    a.weight > b.weight || (a.weight === b.weight && a.hash < b.hash) ? ['a', 'b'] : ['b', 'a'];
  best = heavier === 'a' ? a : b;

  const common = { genesisFile, host: '127.0.0.1', apiHost: '127.0.0.1', p2pPort: 0, apiPort: 0 };
  const source = await startNode({
    ...common,
    datadir: join(dir, heavier),
    bootstrap: [],
    log: pino({ level: 'silent' }),
  });
  running.push(source);
  honest = source;
  const logFile = join(dir, `${lighter}.log`);
  const syncing = await startNode({
    ...common,
    datadir: join(dir, lighter),
    bootstrap: source.addresses,
    log: nodeLogger(logFile),
  });
  running.push(syncing);

  const deadline = Date.now() + 60_000;
  for (let s = await status(syncing); s.hash !== best.hash || s.syncing; s = await status(syncing)) {
    assert.ok(
      Date.now() < deadline,
      'timed out waiting for the lighter node to reach the heavier head and finish syncing',
    );
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal((await status(source)).hash, best.hash, 'the heavier node keeps its head');
  const log = await readFile(logFile, 'utf8');
  assert.match(log, /"from":1,"msg":"chains part lower: walking back"/);
  assert.match(log, /"msg":"sync done"/);
});

/** Polls the node's status until it is at `hash` and done syncing. */
async function reaches(node: RunningNode, hash: string, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (let s = await status(node); s.hash !== hash || s.syncing; s = await status(node)) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Penalty {
  readonly peer: string;
  readonly reason: string;
  readonly points: number;
}

/**
 * A peer that takes the honest chain's headers (from the honest node, while it claims nothing) and then serves and
 * claims what `lie` makes of them; a fresh node then starts with it and the honest node as its peers. Returns the
 * penalties the fresh node gave, once it is at the honest head.
 */
async function syncBeside(
  name: string,
  lie: (headers: Uint8Array[], honestHead: Head) => { headers: Uint8Array[]; claim: Head },
): Promise<{ liar: string; penalties: Penalty[] }> {
  assert.ok(best && honest, 'runs after the fork test, on its heavier chain');
  const source = honest;
  const chain = await status(source);
  const genesisHash = fromHex('genesisHash', chain.genesisHash);
  let claim: Head = { height: 0, hash: genesisHash, totalWeight: 0n };
  let served: Uint8Array[] = [];
  const liar = await Network.create({
    dataDir: join(dir, `${name}-liar`),
    port: 0,
    chainId: chain.chainId,
    genesisHash,
    head: () => claim,
    bootstrap: source.addresses,
    handlers: {
      gossip: {},
      blocksByRange: () => [],
      headersByRange: ({ from, count }) => served.slice(from - 1, from - 1 + count),
      chunk: () => undefined,
    },
  });
  networks.push(liar);
  await new Promise<void>((resolve) => liar.events.once('peer:status', () => resolve()));
  const headers = await liar.requestHeadersByRange(source.peerId, 1, chain.height);
  assert.equal(headers.length, chain.height);
  ({ headers: served, claim } = lie(headers, {
    height: chain.height,
    hash: fromHex('hash', chain.hash),
    totalWeight: best.weight,
  }));

  const logFile = join(dir, `${name}.log`);
  const fresh = await startNode({
    genesisFile,
    host: '127.0.0.1',
    apiHost: '127.0.0.1',
    p2pPort: 0,
    apiPort: 0,
    datadir: join(dir, name),
    bootstrap: [...liar.addresses, ...source.addresses],
    log: nodeLogger(logFile),
  });
  running.push(fresh);
  await reaches(fresh, best.hash, 'the fresh node to reach the honest head');
  const lines = (await readFile(logFile, 'utf8')).split('\n').filter((l) => l.includes('"msg":"peer penalised"'));
  const penalties = lines.map((l) => JSON.parse(l) as Penalty);
  assert.ok(!penalties.some((p) => p.peer === source.peerId), 'the honest peer is not penalised');
  return { liar: liar.peerId, penalties };
}

test('a peer claiming weight its headers do not prove is penalised, and the node syncs from the honest peer', async () => {
  // The honest chain's headers, claimed to weigh a million times more: the attack that makes a node trust, and
  // sync from, whoever claims most.
  const { liar, penalties } = await syncBeside('weight', (headers, head) => ({
    headers,
    claim: { ...head, totalWeight: head.totalWeight * 1_000_000n },
  }));
  assert.ok(
    penalties.some((p) => p.peer === liar && p.points === UNPROVEN_CLAIM_POINTS && /its headers prove/.test(p.reason)),
    `the liar is penalised for its claim: ${JSON.stringify(penalties)}`,
  );
});

test('a peer whose headers break a rule is banned before any body is fetched from it', async () => {
  // The head's header re-claimed as scoring nothing, and the claim moved onto it: a chain that does not hold.
  const { liar, penalties } = await syncBeside('rule', (headers, head) => {
    const last = decodeHeader(headers[headers.length - 1]);
    const forged = { ...last, score: { ...last.score, correct: 0 } };
    const claim = { ...head, hash: blockHash(forged), totalWeight: head.totalWeight * 2n };
    return { headers: [...headers.slice(0, -1), encodeHeader(forged)], claim };
  });
  assert.ok(
    penalties.some(
      (p) => p.peer === liar && p.points === INVALID_BLOCK_POINTS && /score-below|claimed 0/.test(p.reason),
    ),
    `the liar is banned for its header: ${JSON.stringify(penalties)}`,
  );
});

/**
 * A node process started by the CLI with `args` on a chain config (`genesis`), synced from the honest node; returns
 * the evaluations it ran and its log.
 */
async function syncByCli(name: string, genesis: string, args: string[]): Promise<{ evaluations: number; log: string }> {
  assert.ok(best && honest, 'runs after the fork test, on its heavier chain');
  const logFile = join(dir, `${name}.log`);
  const node = await NodeProcess.start({
    cli: CLI,
    args: ['--datadir', join(dir, name), '--genesis', genesis, '--p2p-port', '0', '--api-port', '0', ...args],
    logFile,
  });
  processes.push(node);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = (await (await fetch(`${node.addresses.api}/api/status`)).json()) as StatusJson;
    if (s.hash === best.hash && !s.syncing) break;
    assert.ok(Date.now() < deadline, `timed out waiting for ${name} to sync`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const metrics = await (await fetch(`${node.addresses.api}/metrics`)).text();
  const evaluations = Number(/^coinai_evaluations_total (\d+)$/m.exec(metrics)![1]);
  return { evaluations, log: await readFile(logFile, 'utf8') };
}

test('coinai node start --assume-valid: the assumed block and its ancestors are not evaluated, the head is', async () => {
  assert.ok(best && honest);
  const head = (await (await fetch(`${honest.apiUrl}/api/blocks/${best.hash}`)).json()) as { parentHash: string };
  const { evaluations, log } = await syncByCli('assumed', genesisFile, [
    '--assume-valid',
    head.parentHash,
    '--bootstrap',
    ...honest.addresses,
  ]);
  assert.equal(evaluations, 1, 'only the block after the assumed one is evaluated');
  assert.match(log, /"msg":"assume-valid in effect/);
  assert.match(log, /"msg":"assume-valid block reached/);
});

test('--assume-valid none turns off the chain config’s default: every block is evaluated', async () => {
  assert.ok(best && honest);
  const config = JSON.parse(await readFile(genesisFile, 'utf8'));
  const file = join(dir, 'assume-valid-genesis.json');
  await writeFile(file, JSON.stringify({ ...config, assumeValid: best.hash }));
  const height = ((await (await fetch(`${honest.apiUrl}/api/status`)).json()) as StatusJson).height;
  const off = await syncByCli('not-assumed', file, ['--assume-valid', 'none', '--bootstrap', ...honest.addresses]);
  assert.equal(off.evaluations, height, 'every block evaluated');
  assert.doesNotMatch(off.log, /assume-valid in effect/);
  const on = await syncByCli('config-assumed', file, ['--bootstrap', ...honest.addresses]);
  assert.equal(on.evaluations, 0, "the config's default skips every block up to its head");
});
