// The receiving side of bench/bitswap.bench.ts, in a process of its own so that its memory and CPU time are the
// transfer's alone: fetches one model file by root from the sender named on the command line, over our chunk
// protocol (ModelFetcher, as the node does) or bitswap (bench/bitswap-node.ts), checks it against the root, and
// prints one JSON line of figures.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { BlockHeader } from '../src/chain/header.js';
import { concatBytes } from '../src/codec/bytes.js';
import { bytesEqual, hexBytes } from '../src/codec/hex.js';
import { MODEL_CHUNK_BYTES, modelRoot } from '../src/ml/model/root.js';
import { verifyChunk } from '../src/node/p2p/chunk.js';
import { ModelFetcher } from '../src/node/models/model-fetch.js';
import { Network } from '../src/node/p2p/network.js';
import { leafCid, manifestCid, manifestLeaves, startBitswapNode } from './bitswap-node.js';
import { multiaddr } from '@multiformats/multiaddr';

export interface ReceiveJob {
  /** 'range': chunks carried by blocks-by-range, 64 per request, a stand-in for a ranged chunk request. */
  readonly engine: 'chunk' | 'range' | 'bitswap';
  /** Blocks wanted, or chunks requested, at once (1: the chunk protocol through ModelFetcher, as the node does). */
  readonly inFlight: number;
  /** The sender's multiaddr, with /p2p/<id>. */
  readonly address: string;
  readonly root: string;
  readonly size: number;
}

export interface ReceiveFigures {
  readonly seconds: number;
  /** User + system CPU time of the whole process during the transfer, every thread included. */
  readonly cpuSeconds: number;
  readonly rssBefore: number;
  readonly rssPeak: number;
  /** Peak of V8 heap used plus array buffers (where the chunks live), sampled every 5 ms. */
  readonly heapPeak: number;
  readonly heapBefore: number;
}

const job = JSON.parse(process.argv[2]) as ReceiveJob;
const root = hexBytes(job.root);
const count = Math.ceil(job.size / MODEL_CHUNK_BYTES);

/** Chunks 0..count-1, `job.inFlight` asked for at a time, joined in order. */
async function inOrder(get: (index: number) => Promise<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) parts[i] = await get(i);
  };
  await Promise.all(Array.from({ length: job.inFlight }, worker));
  return concatBytes(parts);
}

async function viaChunks(): Promise<{ fetch: () => Promise<Uint8Array>; stop: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-bench-receiver-'));
  const network = await Network.create({
    dataDir: dir,
    port: 0,
    bootstrap: [job.address],
    chainId: 1,
    genesisHash: new Uint8Array(32),
    head: () => ({ height: 0, hash: new Uint8Array(32), totalWeight: 0n }),
    handlers: { gossip: {}, blocksByRange: () => [], chunk: () => undefined },
  });
  await once(network.events, 'peer:status');
  const { size } = job;
  const fetcher = new ModelFetcher(() => network, { concurrent: 1, perPeer: 1, bytes: size, bytesPerPeer: size });
  const peer = multiaddr(job.address).getPeerId()!;
  // What the fetcher reads of a header: the model's root and announced size.
  const header = { modelRoot: root, modelSize: size } as BlockHeader;
  // What the fetcher would do with several requests in flight (up to the responder's 8 per peer): each chunk
  // checked against the root by its proof, as the fetcher checks it.
  const pipelined = () =>
    inOrder(async (index) => {
      const chunk = await network.requestChunk(peer, root, index, (c) => verifyChunk(root, size, index, c));
      if (!chunk) throw new Error(`chunk ${index} not held`);
      return chunk.data;
    });
  // Many chunks per stream: the file checked against the root once it is in, which hashes what per-chunk checks
  // against a manifest of leaf hashes would.
  const ranged = async () => {
    const chunks: Uint8Array[] = [];
    while (chunks.length < count) chunks.push(...(await network.requestBlocksByRange(peer, chunks.length, 64)));
    const file = concatBytes(chunks);
    if (!bytesEqual(modelRoot(file), root)) throw new Error('the file fails its root');
    return file;
  };
  const fetch = () =>
    job.engine === 'range' ? ranged() : job.inFlight === 1 ? fetcher.fetch(peer, header, size) : pipelined();
  return {
    fetch,
    stop: async () => {
      await network.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function viaBitswap(): Promise<{ fetch: () => Promise<Uint8Array>; stop: () => Promise<void> }> {
  const node = await startBitswapNode();
  await node.libp2p.dial(multiaddr(job.address));
  const fetch = async () => {
    const cids = manifestLeaves(await node.bitswap.want(manifestCid(root))).map(leafCid);
    if (cids.length !== count) throw new Error(`a manifest of ${cids.length} chunks for ${job.size} bytes`);
    return inOrder((i) => node.bitswap.want(cids[i]));
  };
  return { fetch, stop: () => node.stop() };
}

const { fetch, stop } = await (job.engine === 'bitswap' ? viaBitswap() : viaChunks());
const heap = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
global.gc?.();
const rssBefore = process.memoryUsage.rss();
const heapBefore = heap();
let rssPeak = rssBefore;
let heapPeak = heapBefore;
const sampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
  heapPeak = Math.max(heapPeak, heap());
}, 5);
const cpu = process.cpuUsage();
const start = process.hrtime.bigint();
const file = await fetch();
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const { user, system } = process.cpuUsage(cpu);
clearInterval(sampler);
rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
heapPeak = Math.max(heapPeak, heap());
if (file.length !== job.size || !bytesEqual(modelRoot(file), root)) throw new Error('the file fails its root');
await stop();
const figures: ReceiveFigures = {
  seconds,
  cpuSeconds: (user + system) / 1e6,
  rssBefore,
  rssPeak,
  heapPeak,
  heapBefore,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
