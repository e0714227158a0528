// `npm run bench -- storage [--object-mib N] [--fetch-mib N]`: the costs of proof of storage (issue 12). A generated
// 1 GiB object is streamed through a real object store (never held whole) to build its upper levels; storage proofs
// of spread-out segments are read back from it (one chunk and the tree each) and verified; the chain bytes of a
// stored object per epoch come from the real encodings of its storage-proof transactions and its object record; and
// a keeper's fetch is measured between two real libp2p nodes over the chunk protocol, through a TCP relay that counts
// every byte on the wire (a 256 MiB object by default, scaled to a GiB: each chunk costs the same).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '../src/codec/hex.js';
import { encodeTransaction, type Transaction } from '../src/chain/transaction.js';
import { encodeStoredObject } from '../src/chain/storage/objects.js';
import { ADDRESS_LENGTH } from '../src/crypto/address.js';
import {
  CHUNK_BYTES,
  segmentCount,
  segmentProof,
  upperLevels,
  verifySegmentProof,
  type SegmentProof,
} from '../src/crypto/segment-tree.js';
import { fetchChunks } from '../src/node/models/model-fetch.js';
import { ModelServer } from '../src/node/models/model-server.js';
import { ObjectStore } from '../src/node/models/object-store.js';
import { Network, type NetworkHandlers } from '../src/node/p2p/network.js';
import { readGenesisFile } from '../src/node/db/datadir.js';
import { DEV_GENESIS } from '../src/cli/commands/init.js';
import { ratePerSecond, table, type Bench } from './report.js';

const MiB = 2 ** 20;
const GiB = 2 ** 30;
/** Proofs read back from the store: enough to cycle through while verifying. */
const PROOFS = 200;
/** A model of the dev chain's largest size (problem.maxModelBytes). */
const MODEL_BYTES = 4 * MiB;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number of MiB, not '${process.argv[i + 1]}'`);
  return value;
}

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

/** `size` random bytes in 1 MiB pieces, made as they are asked for. */
async function* generated(size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < size; at += MiB) yield new Uint8Array(randomBytes(Math.min(MiB, size - at)));
}

/** A TCP relay to `port` on loopback that counts the bytes it carries each way. */
async function countingRelay(port: number) {
  const bytes = { toHolder: 0, fromHolder: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const holder = connect(port, '127.0.0.1');
    const close = () => (client.destroy(), holder.destroy());
    // No Nagle delay, as libp2p's own sockets: a relay that batched small writes would add a delayed ACK per chunk.
    for (const s of [client, holder]) sockets.add(s.setNoDelay(true).on('error', close).on('close', close));
    client.on('data', (d: Buffer) => (bytes.toHolder += d.length)).pipe(holder);
    holder.on('data', (d: Buffer) => (bytes.fromHolder += d.length)).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    bytes,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

/** A keeper's fetch of a `size`-byte object from a holder, through the relay: seconds and bytes each way. */
async function measureFetch(dir: string, size: number) {
  const holder = new ObjectStore(join(dir, 'holder'));
  const root = await holder.putStream(generated(size));
  const server = new ModelServer(holder);
  const nets: Network[] = [];
  const start = async (name: string, bootstrap: string[], handlers: NetworkHandlers) => {
    const net = await Network.create({
      dataDir: join(dir, name),
      port: 0,
      bootstrap,
      chainId: 1,
      genesisHash: new Uint8Array(32),
      head: () => ({ height: 0, hash: new Uint8Array(32), totalWeight: 0n }),
      handlers,
    });
    nets.push(net);
    return net;
  };
  let relay: Awaited<ReturnType<typeof countingRelay>> | undefined;
  try {
    const a = await start('a', [], { gossip: {}, blocksByRange: () => [], chunk: (r) => server.chunk(r) });
    relay = await countingRelay(Number(/\/tcp\/(\d+)/.exec(a.addresses[0])![1]));
    const b = await start('b', [`/ip4/127.0.0.1/tcp/${relay.port}/p2p/${a.peerId}`], {
      gossip: {},
      blocksByRange: () => [],
      chunk: () => undefined,
    });
    const deadline = Date.now() + 30_000;
    while (!b.peers().some((p) => p.id === a.peerId && p.status !== undefined)) {
      if (Date.now() > deadline) throw new Error('storage bench: no handshake through the relay');
      await new Promise((r) => setTimeout(r, 20));
    }
    const before = { ...relay.bytes };
    const keeper = new ObjectStore(join(dir, 'keeper'));
    const t0 = process.hrtime.bigint();
    const fetched = await keeper.putStream(fetchChunks(b, a.peerId, root, size));
    const took = seconds(t0);
    if (toHex(fetched) !== toHex(root)) throw new Error('storage bench: the fetched object has another root');
    const up = relay.bytes.toHolder - before.toHolder;
    const down = relay.bytes.fromHolder - before.fromHolder;
    if (down < size) throw new Error(`storage bench: ${down} bytes through the relay for a ${size}-byte object`);
    return { seconds: took, up, down, chunks: Math.ceil(size / CHUNK_BYTES) };
  } finally {
    relay?.close();
    await Promise.all(nets.map((n) => n.stop()));
  }
}

/** A storage-proof transaction answering `proof` of `root`, in the chain's real encoding (signature bytes zero). */
function proofTransactionBytes(chainId: number, fee: bigint, root: Uint8Array, proof: SegmentProof): number {
  const tx: Transaction = {
    chainId,
    sender: new Uint8Array(32),
    nonce: 10_000, // a keeper some way into its life: one proof per object per epoch
    recipient: new Uint8Array(ADDRESS_LENGTH),
    amount: 0n,
    fee,
    payload: {
      kind: 'storage-proof',
      root,
      epoch: 25_000,
      index: proof.index,
      segment: proof.segment,
      siblings: proof.siblings,
    },
    signature: new Uint8Array(64),
  };
  return encodeTransaction(tx).length;
}

export const bench: Bench = async () => {
  const objectBytes = option('--object-mib', 1024) * MiB;
  const fetchBytes = option('--fetch-mib', 256) * MiB;
  const config = await readGenesisFile(DEV_GENESIS);
  const { replication: R, epochLength: E } = config.params.storage;
  const dir = await mkdtemp(join(tmpdir(), 'coinai-bench-storage-'));
  const load = loadavg();
  try {
    // A keeper's store: the object streamed in, hashed a chunk at a time.
    const store = new ObjectStore(join(dir, 'store'));
    const t0 = process.hrtime.bigint();
    const root = await store.putStream(generated(objectBytes));
    const ingest = seconds(t0);
    const fileBytes = (await stat(join(dir, 'store', `${toHex(root)}.cai`))).size;
    const treeBytes = (await stat(join(dir, 'store', `${toHex(root)}.tree`))).size;

    // Challenges spread over the whole object (a multiplicative walk through its segments).
    const count = segmentCount(objectBytes);
    const t1 = process.hrtime.bigint();
    const proofs: SegmentProof[] = [];
    for (let i = 0; i < PROOFS; i++) proofs.push((await store.proof(root, (i * 2_654_435_761) % count))!);
    const answer = seconds(t1) / PROOFS;
    if (!proofs.every((p) => verifySegmentProof(root, objectBytes, p))) throw new Error('a stored proof fails');
    let next = 0;
    const verified = await ratePerSecond(() => verifySegmentProof(root, objectBytes, proofs[next++ % PROOFS]));
    const proofBytes = Math.max(...proofs.map((p) => p.segment.length + 32 * p.siblings.length));

    // Chain bytes per object per epoch: R proofs, and the object record (rewritten as lastProof changes).
    const model = new Uint8Array(randomBytes(MODEL_BYTES));
    const modelUpper = upperLevels(model);
    const modelProof = segmentProof(model.subarray(0, CHUNK_BYTES), modelUpper, 17);
    const txOf = (r: Uint8Array, p: SegmentProof) =>
      proofTransactionBytes(config.params.chainId, config.params.minFee, r, p);
    const txGiB = txOf(root, proofs[0]);
    const txModel = txOf(modelUpper[modelUpper.length - 1][0], modelProof);
    const record = encodeStoredObject({
      kind: 'model',
      size: objectBytes,
      replication: R,
      created: 100_000,
      replicas: Array.from({ length: R }, (_, i) => ({
        keeper: new Uint8Array(ADDRESS_LENGTH).fill(i + 1),
        assigned: 100_000,
        strikes: 0,
        lastProof: 25_000,
      })),
    }).length;

    const fetch = await measureFetch(dir, fetchBytes);
    const perGiB = GiB / fetchBytes;
    const wire = (fetch.up + fetch.down) * perGiB;

    const f = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
    const modelsPerGiB = GiB / MODEL_BYTES;
    return {
      title: 'Proof of storage: proofs, chain bytes, a keeper’s disk and bandwidth',
      body: [
        table(
          ['measure', 'figure'],
          [
            [
              `storage proofs verified (verifySegmentProof, ${f(objectBytes / MiB)} MiB object)`,
              `${f(verified)}/s (${f(1e6 / verified, 1)} µs each)`,
            ],
            [
              'a storage proof (segment + siblings), at most',
              `${f(proofBytes)} B (${proofs[0].siblings.length} siblings)`,
            ],
            [
              'a keeper answering a challenge (store.proof: one chunk read, the tree read)',
              `${f(answer * 1000, 1)} ms`,
            ],
            [
              `streaming the ${f(objectBytes / MiB)} MiB object into the store (hash + write)`,
              `${f(ingest, 1)} s (${f(objectBytes / MiB / ingest)} MiB/s)`,
            ],
            [
              `storage-proof transaction, ${f(objectBytes / MiB)} MiB object / 4 MiB model`,
              `${f(txGiB)} B / ${f(txModel)} B`,
            ],
            [
              `chain bytes per stored object per epoch (R = ${R} proofs), ${f(objectBytes / MiB)} MiB object / 4 MiB model`,
              `${f(R * txGiB)} B / ${f(R * txModel)} B`,
            ],
            [`object record (state, R = ${R} replicas; rewritten by each proof)`, `${f(record)} B`],
            [
              'keeper disk per stored GiB (file + .tree)',
              `${f((fileBytes + treeBytes) * (GiB / objectBytes))} B (.tree ${f(treeBytes * (GiB / objectBytes))} B, +${f((100 * treeBytes) / fileBytes, 3)}%)`,
            ],
            [
              `fetch of a ${f(fetchBytes / MiB)} MiB object, one peer, chunk protocol`,
              `${f(fetch.seconds, 1)} s (${f(fetchBytes / MiB / fetch.seconds, 1)} MiB/s, ${f(fetch.chunks / fetch.seconds)} chunks/s)`,
            ],
            [
              'keeper bandwidth per stored GiB: the fetch, on the wire (received + sent)',
              `${f(fetch.down * perGiB)} B + ${f(fetch.up * perGiB)} B = ${f(wire)} B (+${f((100 * wire) / GiB - 100, 2)}%)`,
            ],
            [
              `keeper bandwidth per stored GiB per epoch: its proofs, ${f(objectBytes / MiB)} MiB objects / 4 MiB models`,
              `${f((GiB / objectBytes) * txGiB)} B / ${f(modelsPerGiB * txModel)} B (${modelsPerGiB} proofs), times the gossip fan-out`,
            ],
          ],
        ),
        '',
        `A ${f(objectBytes / MiB)} MiB object of random bytes streamed through ObjectStore.putStream (1 MiB pieces) into ` +
          `the OS temp directory; ${PROOFS} proofs of segments spread over it read back with ObjectStore.proof and ` +
          'verified in turn (ratePerSecond, 2 s, one thread). Transactions and the record use the chain encodings ' +
          `(src/chain/tx/storage-proof, src/chain/storage/objects.ts) with the dev chain's chain id and minFee, nonce ` +
          `10,000, epoch 25,000; an epoch is E = ${E} blocks on the dev chain. The fetch: two libp2p nodes (TCP, ` +
          'noise, yamux) on loopback, the keeper dialling the holder through a relay that counts every TCP byte; ' +
          'fetchChunks with verifyChunk per chunk into putStream, paced under the default chunk rate (200/s: 12.5 ' +
          `MiB/s from one peer at most); ${f(fetchBytes / MiB)} MiB measured, scaled to a GiB. The machine is shared ` +
          `(2 cores, other work running), so the times are upper bounds: load average ${f(load[0], 1)} before, ${f(loadavg()[0], 1)} after.`,
      ].join('\n'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
