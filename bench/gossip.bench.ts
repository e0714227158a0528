// Network latency and throughput over loopback: a block gossiped along a line of three nodes (one and two hops),
// and blocks-by-range transfer between two, with real libp2p nodes (TCP, noise, yamux, gossipsub).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Network, type NetworkHandlers } from '../src/node/p2p/network.js';
import type { Bench } from './report.js';
import { table } from './report.js';

const BLOCK_BYTES = 100 * 1024;
const MESSAGES = 50;
const RANGE_REQUESTS = 20;
const RANGE_COUNT = 64;

function block(n: number): Uint8Array {
  const b = new Uint8Array(BLOCK_BYTES);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('gossip bench: timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const bench: Bench = async () => {
  const dirs: string[] = [];
  const nets: Network[] = [];
  const arrivals = [new Map<number, bigint>(), new Map<number, bigint>()];
  const start = async (bootstrap: string[], onBlock?: (n: number) => void) => {
    const dir = await mkdtemp(join(tmpdir(), 'coinai-bench-p2p-'));
    dirs.push(dir);
    const handlers: NetworkHandlers = {
      gossip: { blocks: (data) => (onBlock?.(new DataView(data.buffer, data.byteOffset).getUint32(0)), 'accept') },
      *blocksByRange({ from, count }) {
        for (let h = from; h < from + count; h++) yield block(h);
      },
      chunk: () => undefined,
    };
    const net = await Network.create({
      dataDir: dir,
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
  try {
    const a = await start([]);
    const b = await start(a.addresses, (n) => arrivals[0].set(n, process.hrtime.bigint()));
    const c = await start(b.addresses, (n) => arrivals[1].set(n, process.hrtime.bigint()));
    await until(() => b.meshPeers('blocks').length === 2 && c.meshPeers('blocks').length === 1);

    const sent: bigint[] = [];
    for (let n = 0; n < MESSAGES; n++) {
      sent[n] = process.hrtime.bigint();
      await a.publish('blocks', block(n));
      await until(() => arrivals[1].has(n));
    }
    const latencies = arrivals.map((m) => [...m].map(([n, t]) => Number(t - sent[n]) / 1e6).sort((x, y) => x - y));

    const t0 = process.hrtime.bigint();
    for (let i = 0; i < RANGE_REQUESTS; i++) await b.requestBlocksByRange(a.peerId, i * RANGE_COUNT, RANGE_COUNT);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const blocksPerSecond = (RANGE_REQUESTS * RANGE_COUNT) / seconds;

    const ms = (x: number) => x.toFixed(2);
    const rows = latencies.map((l, hops) => [`${hops + 1}`, ms(quantile(l, 0.5)), ms(quantile(l, 0.95))]);
    const mibPerSecond = (blocksPerSecond * BLOCK_BYTES) / 2 ** 20;
    return {
      title: 'Network (loopback)',
      body: [
        table(['gossip hops', 'median ms', 'p95 ms'], rows),
        '',
        table(
          ['blocks-by-range', 'blocks/s', 'MiB/s'],
          [[`${RANGE_COUNT} per request`, blocksPerSecond.toFixed(0), mibPerSecond.toFixed(1)]],
        ),
        '',
        `${MESSAGES} gossiped ${BLOCK_BYTES / 1024} KiB blocks along a line of three nodes (publish to arrival at ` +
          `the node's handler, one message in flight), and ${RANGE_REQUESTS} blocks-by-range requests of ` +
          `${RANGE_COUNT} such blocks, over TCP on 127.0.0.1 with noise and yamux. Network cost only: no validation.`,
      ].join('\n'),
    };
  } finally {
    await Promise.all(nets.map((n) => n.stop()));
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
};
