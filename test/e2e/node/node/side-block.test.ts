// Side blocks over a real network, as the attacker mounts it. Two honest nodes sit on different heads (equal-weight
// siblings, each keeping the one it saw first, each holding the other as a side block). The attacker takes a valid
// block mined on b's head, gives it a random state root (its proof of work still holds: the state root is not in
// the work hash) and gossips it to a, for whom it is a side block. a used to store it unexecuted and forward it,
// and b, on whose head it fails, banned a. Now a executes it on its own parent's state and refuses it, then b does;
// each bans the attacker and neither bans the other. Before that, the same block stamped far in the future is
// refused before its model is fetched (the attacker's chunk requests are counted) and costs the attacker nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { encodeBlock, type Block } from '../../../../src/chain/block.js';
import { blockHash } from '../../../../src/chain/header.js';
import { toHex } from '../../../../src/codec/hex.js';
import { openChain } from '../../../../src/node/chain/open-chain.js';
import { initDataDir } from '../../../../src/node/db/datadir.js';
import { Miner } from '../../../../src/node/miner/miner.js';
import { DEFAULT_MINER_OPTIONS } from '../../../../src/node/miner/options.js';
import { ModelServer } from '../../../../src/node/models/model-server.js';
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import { startNode, type RunningNode } from '../../../../src/node/node.js';
import type { Network } from '../../../../src/node/p2p/network.js';
import type { GenesisConfig } from '../../../../src/consensus/genesis-config.js';
import { genesisBlock } from '../../../../src/consensus/genesis.js';
import { miner } from '../../../helpers/chain/fixtures.js';
import { writeTinyImageChain } from '../../../helpers/tiny-image-chain.js';
import { startNetwork, stopAll, waitFor } from '../p2p/nodes.js';

let dir: string;
let genesisFile: string;
let config: GenesisConfig;
const running: RunningNode[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-side-e2e-'));
  const chain = await writeTinyImageChain(dir, []);
  genesisFile = chain.file;
  config = chain.config;
});
after(async () => {
  await Promise.all(running.map((n) => n.stop()));
  await stopAll();
  await rm(dir, { recursive: true, force: true });
});

const now = () => Math.floor(Date.now() / 1000);

/** A data directory holding `blocks` (with their model files), submitted in order; returns its head hash. */
async function withBlocks(name: string, blocks: readonly { block: Block; file: Uint8Array }[]): Promise<string> {
  await (await initDataDir(join(dir, name), config)).store.close();
  const { chain } = await openChain(join(dir, name));
  try {
    for (const { block, file } of blocks) {
      await chain.models.put(file);
      await chain.submit(block, now());
    }
    return toHex(blockHash(chain.head));
  } finally {
    await chain.store.close();
  }
}

/** Mines one block on the head of the data directory `name`; returns it with its model file. */
async function mineOne(name: string): Promise<{ block: Block; file: Uint8Array }> {
  const { chain, dataset } = await openChain(join(dir, name));
  try {
    const m = new Miner(chain, dataset, { ...DEFAULT_MINER_OPTIONS, miner: miner.address, workers: 1 });
    await m.mineBlock();
    const block = (await chain.store.blockByHash(blockHash(chain.head)))!;
    return { block, file: (await chain.models.get(block.header.modelRoot))! };
  } finally {
    await chain.store.close();
  }
}

interface PeerJson {
  id: string;
  score: number;
}
const peers = async (node: RunningNode): Promise<PeerJson[]> =>
  ((await (await fetch(`${node.apiUrl}/api/peers`)).json()) as { peers: PeerJson[] }).peers;
const stored = async (node: RunningNode, block: Block) =>
  (await fetch(`${node.apiUrl}/api/blocks/${toHex(blockHash(block.header))}`)).status === 200;
const connectedTo = (net: Network, node: RunningNode) => net.peers().some((p) => p.id === node.peerId);

/** Polls `condition` until it holds; fails after a generous minute naming what it waited for. */
async function until(what: string, condition: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 60_000; !(await condition()); await new Promise((r) => setTimeout(r, 100)))
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
}
const headOf = async (node: RunningNode) =>
  ((await (await fetch(`${node.apiUrl}/api/status`)).json()) as { hash: string }).hash;

test('a side block with a bad state root is refused by both nodes, and neither bans the other', async () => {
  // Two siblings on genesis (mined long after it: both at the threshold's floor, so equally heavy) and a child of
  // the second, whose state root the attacker replaces.
  await withBlocks('m1', []);
  await withBlocks('m2', []);
  const s1 = await mineOne('m1');
  const s2 = await mineOne('m2');
  const child = await mineOne('m2');
  const forged: Block = { ...child.block, header: { ...child.block.header, stateRoot: new Uint8Array(32).fill(9) } };
  const far: Block = { ...forged, header: { ...forged.header, timestamp: now() + 100_000_000 } };

  const headA = await withBlocks('a', [s1, s2]);
  const headB = await withBlocks('b', [s2, s1]);
  assert.notEqual(headA, headB, 'the nodes are on different heads');

  const common = { genesisFile, host: '127.0.0.1', apiHost: '127.0.0.1', p2pPort: 0, apiPort: 0 };
  const log = pino({ level: 'silent' });
  const a = await startNode({ ...common, datadir: join(dir, 'a'), bootstrap: [], log });
  running.push(a);
  const b = await startNode({ ...common, datadir: join(dir, 'b'), bootstrap: a.addresses, log });
  running.push(b);
  const linked = async () =>
    (await peers(a)).some((p) => p.id === b.peerId) && (await peers(b)).some((p) => p.id === a.peerId);
  await until('a and b to connect', linked);
  assert.deepEqual([await headOf(a), await headOf(b)], [headA, headB], 'equal weights: each keeps its head');

  // The attacker serves the forged block's model (the honest child's: the root is unchanged) and counts requests.
  const models = new ObjectStore(join(dir, 'attacker-models'));
  await models.put(child.file);
  const server = new ModelServer(models);
  let chunkRequests = 0;
  const genesisHash = blockHash(genesisBlock(config).header);
  const attacker = async (): Promise<Network> =>
    startNetwork({
      chainId: config.params.chainId,
      genesisHash,
      head: () => ({ height: 0, hash: genesisHash, totalWeight: 0n }),
      handlers: {
        gossip: { blocks: () => 'ignore' }, // subscribed, so that the nodes graft it into their mesh
        blocksByRange: () => [],
        chunk: (request) => (chunkRequests++, server.chunk(request)),
      },
    });
  const gossipTo = async (net: Network, node: RunningNode, block: Block) => {
    await net.connect(node.addresses[0]);
    await waitFor('the attacker in the mesh', () => net.meshPeers('blocks').includes(node.peerId), 30_000);
    assert.equal(await net.publish('blocks', encodeBlock(block)), 1);
  };

  // Far in the future: refused before any model fetch, and nobody's fault (the attacker stays connected).
  const first = await attacker();
  await gossipTo(first, a, far);
  await new Promise((r) => setTimeout(r, 2_000));
  assert.equal(chunkRequests, 0, 'a far-future block costs no fetch');
  assert.ok(!(await stored(a, far)));
  assert.ok(
    (await peers(a)).some((p) => p.id === first.peerId && p.score > -100),
    'not banned for our clock',
  );

  // The forged side block to a alone: a fetches the model, executes the block on its parent's state, refuses it
  // and bans the attacker; it forwards nothing to b.
  await first.publish('blocks', encodeBlock(forged));
  // Either a refuses it (and drops the attacker), or, as before, a accepts and forwards it and b bans a.
  const aBanned = async () => !(await peers(b)).some((p) => p.id === a.peerId && p.score === 0);
  await until('a to refuse the block or b to ban a', async () => !connectedTo(first, a) || (await aBanned()));
  assert.ok(!(await aBanned()), 'b did not penalise a');
  assert.ok(!connectedTo(first, a), 'a refused the block and dropped the attacker');
  assert.ok(chunkRequests > 0, 'the valid-looking header got its model fetched');
  // Then to b, on whose head it would be the next block: refused there too.
  const second = await attacker();
  await gossipTo(second, b, forged);
  await until('b bans the attacker', async () => !connectedTo(second, b));

  for (const node of [a, b]) assert.ok(!(await stored(node, forged)), 'stored by neither');
  const aSeesB = (await peers(a)).find((p) => p.id === b.peerId);
  const bSeesA = (await peers(b)).find((p) => p.id === a.peerId);
  assert.ok(aSeesB && bSeesA, 'a and b are still connected');
  assert.deepEqual([aSeesB.score, bSeesA.score], [0, 0], 'and neither penalised the other');
  assert.deepEqual([await headOf(a), await headOf(b)], [headA, headB]);
});
