// End to end: real node processes (the CLI from source) on loopback, real libp2p, LevelDB and training on a tiny
// image problem. Three nodes, two of them mining; a transfer through the non-mining node; a fourth node that joins
// late; a miner killed outright and restarted; and a hostile peer that gossips a block with a wrong model root.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBlock, encodeBlock } from '../../src/chain/block.js';
import { encodeTransaction } from '../../src/chain/transaction.js';
import { fromHex, toHex } from '../../src/codec/hex.js';
import type { NodeProcess } from '../../src/devnet/node-process.js';
import { formatAddress } from '../../src/crypto/address.js';
import { servedChunks } from '../helpers/chunks.js';
import type { ModelChunk } from '../../src/node/p2p/chunk.js';
import { Network } from '../../src/node/p2p/network.js';
import { alice, bob, transfer } from '../helpers/chain/fixtures.js';
import { writeTinyImageChain } from '../helpers/tiny-image-chain.js';
import { Cluster, commonHead, eventually, status } from './cluster.js';

let dir: string;
let cluster: Cluster;
let miner1: NodeProcess;
let miner2: NodeProcess;
let follower: NodeProcess;
/** The least fee of the transfer below, which creates bob's account. */
let creatingFee: bigint;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-e2e-'));
  const { file, config } = await writeTinyImageChain(dir, [{ address: alice.address, balance: 1_000_000n }]);
  creatingFee = config.params.minFee + config.params.accountCreationFee;
  cluster = new Cluster(dir, file);
  miner1 = await cluster.start('miner1', { mine: true });
  [miner2, follower] = await Promise.all([
    cluster.start('miner2', { mine: true, bootstrap: miner1 }),
    cluster.start('follower', { bootstrap: miner1 }),
  ]);
});

after(async () => {
  const codes = await cluster.stopAll();
  assert.ok(
    codes.every((c) => c === 0),
    `every node stops cleanly on SIGTERM (exit codes ${codes})`,
  );
  await rm(dir, { recursive: true, force: true });
});

describe('a network of node processes', () => {
  test('two miners and a follower mine at least 3 blocks and agree on the head', async () => {
    const head = await eventually('3 blocks on one head', () => commonHead([miner1, miner2, follower], 3));
    assert.equal((await status(follower)).mining, false);
    assert.ok((await status(miner1)).peers >= 2);
    assert.ok(head.height >= 3);
  });

  test('a transfer submitted to the non-mining node is mined', async () => {
    const { chainId } = await status(follower);
    const tx = transfer(alice, bob.address, 1234n, creatingFee, 0, chainId);
    const res = await fetch(`${follower.addresses.api}/api/tx`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tx: toHex(encodeTransaction(tx)) }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const { hash } = (await res.json()) as { hash: string };
    const mined = await eventually('the transfer mined', async () => {
      const found = (await (await fetch(`${miner1.addresses.api}/api/tx/${hash}`)).json()) as {
        status?: string;
        block?: { height: number };
      };
      return found.status === 'mined' ? found.block : undefined;
    });
    await eventually("every node past the transfer's block on one head", () =>
      commonHead([miner1, miner2, follower], mined!.height),
    );
    const account = (await (
      await fetch(`${follower.addresses.api}/api/accounts/${formatAddress(bob.address)}`)
    ).json()) as { balance: string };
    assert.equal(account.balance, '1234');
  });

  test('a peer that gossips a block with a wrong model root is disconnected and banned', async () => {
    const target = follower.addresses;
    const { chainId, genesisHash } = await status(follower);
    const model = new Map<number, ModelChunk>();
    const hostile = await Network.create({
      dataDir: join(dir, 'hostile'),
      port: 0,
      chainId,
      genesisHash: fromHex('genesis', genesisHash, 32),
      head: () => ({ height: 0, hash: fromHex('genesis', genesisHash, 32), totalWeight: 0n }),
      bootstrap: target.addresses,
      // It serves the real model's chunks and proofs under any root: they cannot prove the forged one.
      handlers: { gossip: { blocks: () => 'ignore' }, blocksByRange: () => [], chunk: ({ index }) => model.get(index) },
    });
    try {
      await eventually('the hostile peer in the blocks mesh', async () =>
        hostile.meshPeers('blocks').includes(target.peerId),
      );
      const [bytes] = await hostile.requestBlocksByRange(target.peerId, 1, 1);
      const block = decodeBlock(bytes);
      const file = await (
        await fetch(`${follower.addresses.api}/api/models/${toHex(block.header.modelRoot)}`)
      ).arrayBuffer();
      servedChunks(new Uint8Array(file)).forEach((chunk, i) => model.set(i, chunk));
      const forged = { ...block, header: { ...block.header, modelRoot: new Uint8Array(32).fill(0xab) } };
      const disconnected = new Promise<void>((resolve) =>
        hostile.events.on('peer:disconnected', (p) => p === target.peerId && resolve()),
      );
      await hostile.publish('blocks', encodeBlock(forged));
      await disconnected;
      const log = await eventually("the ban in the follower's log", async () => {
        const text = await readFile(follower.logFile, 'utf8');
        return text.includes(hostile.peerId) && /"msg":"peer banned"/.test(text) ? text : undefined;
      });
      assert.match(log, new RegExp(`"peer":"${hostile.peerId}","reason":"[^"]*chunk 0[^"]*fails its proof`));
      const peers = (await (await fetch(`${follower.addresses.api}/api/peers`)).json()) as { peers: { id: string }[] };
      assert.ok(!peers.peers.some((p) => p.id === hostile.peerId));
    } finally {
      await hostile.stop();
    }
  });

  test('a node started later syncs to the same head', async () => {
    const late = await cluster.start('late', { bootstrap: miner2 });
    const before = await status(miner1);
    await eventually('the late node on the common head', () =>
      commonHead([miner1, miner2, follower, late], before.height),
    );
    assert.match(await readFile(late.logFile, 'utf8'), /"msg":"sync done"/, 'it caught up by sync, not only by gossip');
  });

  test('a miner killed with SIGKILL and restarted rejoins and follows the head', async () => {
    await cluster.kill(miner2);
    const atKill = await status(miner1);
    await eventually('a block while the miner is down', async () => (await status(miner1)).height > atKill.height);
    miner2 = await cluster.start('miner2', { mine: true, bootstrap: miner1 });
    const restarted = await status(miner2);
    assert.ok(restarted.height >= atKill.height - 1, 'the restarted node keeps its chain');
    await eventually('the restarted miner on the common head, past where it was killed', () =>
      commonHead([miner1, miner2, follower], atKill.height + 2),
    );
  });
});
