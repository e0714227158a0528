// Proof of storage end to end (issue 12's "Done when"), on real node processes: a devnet of one miner and 5 keepers
// (`coinai devnet --keepers 5`) on the tiny image chain with the dev chain's storage parameters (R = 3, epochs of
// E = 4 blocks, windows of D = 3, K = 2 strikes).
//   1. Every model gets its 3 replicas on keepers, as the API reports them, and each keeper proves its replicas.
//   2. Two keepers are SIGKILLed. A fresh node that keeps no models (--model-cache 0), bootstrapping from the
//      survivors, syncs the whole chain, fetching every historical model from them (its only peers: it never
//      connects to the miner, the one other holder); and within K + 2 epochs of the kill (docs/PROTOCOL.md 6.7, "Repair") every model is back to 3 replicas on
//      surviving keepers, each proven by its holder since it was assigned.
//   3. A sixth keeper joins (the survivors already hold every model). A keeper whose stored copy of a model gets one
//      byte flipped, in the segment of its open challenge before it answers (keepers answer --proof-delay 2 blocks
//      into the window), is caught at that challenge: its whole bond is burnt, it is expelled, and the replica is
//      re-made on the new keeper.
// Everything is polled with generous timeouts, never slept on: on a loaded 2-core machine blocks come at their own
// pace, and every bound is counted in blocks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeTransaction } from '../../../src/chain/transaction.js';
import { signTransaction } from '../../../src/chain/tx-signing.js';
import { toHex } from '../../../src/codec/hex.js';
import { SEGMENT_BYTES } from '../../../src/crypto/segment-tree.js';
import { parseAddress } from '../../../src/crypto/address.js';
import { Devnet, type DevnetNode } from '../../../src/devnet/devnet.js';
import { DEVNET_PASSWORD } from '../../../src/devnet/devnet-chain.js';
import type { NodeProcess } from '../../../src/devnet/node-process.js';
import type { AccountJson } from '../../../src/node/api/routes/accounts.js';
import type { StatusJson } from '../../../src/node/api/routes/status.js';
import type {
  KeeperDetailJson,
  KeeperJson,
  StorageParamsJson,
  StorageSummaryJson,
  StoredObjectJson,
} from '../../../src/node/api/views/storage.js';
import { createKey } from '../../../src/wallet/wallet-dir.js';
import { writeTinyImageChain } from '../../helpers/tiny-image-chain.js';
import { CLI, Cluster, eventually } from '../cluster.js';

const KEEPERS = 5;
const CAPACITY = String(64 * 2 ** 20);
/** Several epochs of real training on a loaded machine. */
const TIMEOUT_MS = 900_000;

let dir: string;
let devnet: Devnet;
let cluster: Cluster;
let miner: NodeProcess;
let params: StorageParamsJson;
/** Keepers alive after the kill, and the sixth one. */
let alive: DevnetNode[];
let joined: { address: string; process: NodeProcess } | undefined;

async function getJson<T>(node: NodeProcess, path: string): Promise<T> {
  const res = await fetch(`${node.addresses.api}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const height = async (node: NodeProcess) => (await getJson<StatusJson>(node, '/api/status')).height;
const keeperOf = (node: NodeProcess, address: string) => getJson<KeeperDetailJson>(node, `/api/keepers/${address}`);
const address = (k: DevnetNode) => k.keeper!.address;

/** The model objects of main-chain blocks 1..to, as the node's API gives them. */
async function models(node: NodeProcess, to: number): Promise<StoredObjectJson[]> {
  const out = [];
  for (let h = 1; h <= to; h++) out.push(await getJson<StoredObjectJson>(node, `/api/storage/${h}`));
  return out;
}

/** `replication` replicas, each live and on a keeper of `on`; with `proven`, each proven since its assignment
 * (its keeper showed it holds the copy: the last proof's challenge block is after the assignment). */
function healthy(o: StoredObjectJson, on: ReadonlySet<string>, proven: boolean): boolean {
  return (
    o.replicas.length === o.replication &&
    o.replicas.every((r) => r.live && on.has(r.keeper) && (!proven || r.lastProof * params.epochLength > r.assigned))
  );
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-storage-'));
  const { file } = await writeTinyImageChain(dir, []);
  devnet = await Devnet.start({
    dir: join(dir, 'devnet'),
    template: file,
    nodes: 1,
    miners: 1,
    keepers: KEEPERS,
    keeperCapacity: Number(CAPACITY),
    keeperArgs: ['--proof-delay', '2'],
    apiPort: 0,
    workers: 1,
    cli: CLI,
  });
  miner = devnet.nodes[0].process;
  cluster = new Cluster(dir, devnet.chain.genesisFile);
  params = (await getJson<StorageSummaryJson>(miner, '/api/storage')).params;
});

after(async () => {
  const codes = [...((await devnet?.stop()) ?? []), ...((await cluster?.stopAll()) ?? [])];
  // The SIGKILLed keepers report null; every node stopped with SIGTERM exits 0.
  assert.ok(
    codes.every((c) => c === 0 || c === null),
    `the nodes stop cleanly (exit codes ${codes})`,
  );
  await rm(dir, { recursive: true, force: true });
});

describe('proof of storage on a devnet of 5 keepers, R = 3', () => {
  test('every model gets 3 replicas on 3 distinct keepers, which prove them', async () => {
    assert.deepEqual([params.replication, params.epochLength, params.challengeWindow], [3, 4, 3]);
    const all = new Set(devnet.keepers.map(address));
    await eventually(
      'every keeper registered',
      async () => (await getJson<StorageSummaryJson>(miner, '/api/storage')).keepers === KEEPERS,
      TIMEOUT_MS,
    );
    // Every replica assigned before the last challenge whose window has closed was proven in it (or since).
    const objects = await eventually(
      'every model on 3 live replicas, proven at the last closed challenge',
      async () => {
        const { epoch, height: head } = await getJson<StorageSummaryJson>(miner, '/api/storage');
        if (!epoch) return undefined;
        const closed = head > epoch.windowEnd ? epoch.epoch : epoch.epoch - 1;
        const found = await models(miner, head);
        const proven = found.every((o) =>
          o.replicas.every((r) => r.assigned >= closed * params.epochLength || r.lastProof >= closed),
        );
        const old = found.some((o) => o.created < closed * params.epochLength);
        return closed > 0 && proven && old && found.every((o) => healthy(o, all, false)) && found;
      },
      TIMEOUT_MS,
    );
    for (const o of objects) {
      assert.equal(o.kind, 'model');
      assert.equal(new Set(o.replicas.map((r) => r.keeper)).size, 3);
    }
    assert.equal((await getJson<StorageSummaryJson>(miner, '/api/storage')).keepers, KEEPERS);
  });

  test('2 keepers SIGKILLed: a fresh node without models syncs from the survivors; models back to 3 proven replicas', async () => {
    // A dead keeper stays a placement candidate until its bond is gone (docs/PROTOCOL.md 6.7, "Repair"): the two
    // killed are the two holding the most, once each holds enough replicas for K misses to expel it.
    const enough = Math.ceil(
      Number(params.minBond) / (params.maxStrikes * Number(params.missPenalty) + Number(params.dropPenalty)),
    );
    const ranked = await eventually(
      `two keepers holding ${enough} replicas or more`,
      async () => {
        const { keepers } = await getJson<{ keepers: KeeperJson[] }>(miner, '/api/keepers');
        const sorted = [...keepers].sort((a, b) => b.objects - a.objects);
        return sorted[1].objects >= enough && sorted;
      },
      TIMEOUT_MS,
    );
    const doomed = new Set([ranked[0].address, ranked[1].address]);
    const dead = devnet.keepers.filter((k) => doomed.has(address(k)));
    alive = devnet.keepers.filter((k) => !doomed.has(address(k)));
    await Promise.all(dead.map((k) => k.process.kill()));
    const killedAt = await height(miner);
    const survivors = new Set(alive.map(address));

    const fresh = await cluster.start('fresh', {
      bootstrap: alive.map((k) => k.process),
      args: ['--model-cache', '0'],
    });
    await eventually(
      'the fresh node at the height of the kill',
      async () => (await height(fresh)) >= killedAt,
      TIMEOUT_MS,
    );
    // Every block the fresh node accepted had its model fetched and verified, from its peers: the survivors only.
    const { peers } = await getJson<{ peers: { id: string }[] }>(fresh, '/api/peers');
    const survivorIds = new Set(alive.map((k) => k.process.addresses.peerId));
    assert.ok(peers.length > 0 && peers.every((p) => survivorIds.has(p.id)), `peers ${peers.map((p) => p.id)}`);

    const backAt = await eventually(
      'every model on 3 live replicas of surviving keepers, the older ones proven since assigned',
      async () => {
        const head = await height(miner);
        const found = await models(miner, head);
        const ok = found.every(
          (o) => healthy(o, survivors, false) && (o.created > killedAt || healthy(o, survivors, true)),
        );
        return ok && head;
      },
      TIMEOUT_MS,
    );
    // K epochs of strikes, one to re-fetch and prove, and the epoch the kill fell in.
    const bound = killedAt + (params.maxStrikes + 2) * params.epochLength;
    assert.ok(backAt <= bound, `back at height ${backAt}, killed at ${killedAt}: over the bound ${bound}`);
    for (const k of dead) assert.equal((await keeperOf(miner, address(k))).status, 'expelled');
  });

  test('a keeper whose copy has one byte flipped in its challenged segment is caught: bond burnt, replica re-made', async () => {
    joined = await startKeeper('keeper6');
    await eventually(
      'the sixth keeper registered',
      async () =>
        (await getJson<{ keepers: KeeperJson[] }>(miner, '/api/keepers')).keepers.some(
          (k) => k.address === joined!.address && k.status === 'active',
        ),
      TIMEOUT_MS,
    );
    const cheat = alive[0];
    const before = await keeperOf(miner, address(cheat));
    assert.equal(before.status, 'active');
    // Flip a byte of the challenged segment as soon as the keeper's own node sees the challenge block; if its
    // proof was on its way already (it answers one block later), the next epoch's challenge is tried.
    const caught = await eventually(
      'an open challenge of the keeper, flipped before it answers, and the proof that fails',
      async () => {
        const k = await keeperOf(cheat.process, address(cheat));
        const open = k.replicas.find((r) => r.kind === 'model' && r.challenge !== null);
        if (!open?.challenge) return undefined;
        const { windowEnd, segment } = open.challenge;
        await flipByte(join(cheat.datadir, 'models', `${open.root}.cai`), segment);
        const status = await eventually(
          `the end of the window (block ${windowEnd})`,
          async () => {
            const now = await keeperOf(miner, address(cheat));
            return ((await height(miner)) > windowEnd || now.status !== 'active') && now.status;
          },
          TIMEOUT_MS,
        );
        return status === 'expelled' && open.root;
      },
      TIMEOUT_MS,
    );
    const after = await keeperOf(miner, address(cheat));
    assert.equal(after.bond, '0');
    assert.equal(BigInt(after.burnt), BigInt(before.bond) + BigInt(before.burnt), 'its whole bond is burnt');
    const o = await getJson<StoredObjectJson>(miner, `/api/storage/${caught}`);
    assert.equal(o.replicas.length, 3);
    assert.ok(!o.replicas.some((r) => r.keeper === address(cheat)));
    assert.ok(
      o.replicas.some((r) => r.keeper === joined!.address),
      'the replica is re-made on the keeper that did not hold it',
    );
  });
});

/** A new keeper: a dev key funded by the miner's account, and `node start --keeper` with it. */
async function startKeeper(name: string): Promise<{ address: string; process: NodeProcess }> {
  const key = await createKey(join(dir, 'keys'), DEVNET_PASSWORD);
  const [from] = devnet.chain.accounts;
  const { nextNonce } = await getJson<AccountJson>(miner, `/api/accounts/${from.address}`);
  const tx = signTransaction(
    {
      chainId: devnet.chain.config.params.chainId,
      sender: from.key.publicKey,
      nonce: nextNonce,
      recipient: parseAddress(key.address, 'key'),
      amount: 100n * BigInt(params.minBond),
      fee: devnet.chain.config.params.minFee + devnet.chain.config.params.accountCreationFee,
      payload: { kind: 'transfer', memo: new Uint8Array() },
    },
    from.key.privateKey,
  );
  const res = await fetch(`${miner.addresses.api}/api/tx`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tx: toHex(encodeTransaction(tx)) }),
  });
  assert.equal(res.status, 200, await res.text());
  await eventually(
    'the new keeper funded',
    async () => BigInt((await getJson<AccountJson>(miner, `/api/accounts/${key.address}`)).balance) > 0n,
    TIMEOUT_MS,
  );
  const process = await cluster.start(name, {
    bootstrap: alive.map((k) => k.process),
    args: ['--keeper', '--keeper-key', key.file, '--capacity', CAPACITY, '--proof-delay', '2'],
    env: { COINAI_PASSWORD: DEVNET_PASSWORD },
  });
  return { address: key.address, process };
}

/** Flips every bit of the first byte of segment `index` of the file. */
async function flipByte(file: string, index: number): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    const byte = new Uint8Array(1);
    await handle.read(byte, 0, 1, index * SEGMENT_BYTES);
    byte[0] ^= 0xff;
    await handle.write(byte, 0, 1, index * SEGMENT_BYTES);
  } finally {
    await handle.close();
  }
}
