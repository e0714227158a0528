// Real networks on loopback for the p2p tests: each in a fresh data directory, listening on a free port, stopped
// (and its directory removed) by stopAll().
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventEmitter } from 'node:events';
import { Network, type NetworkOptions } from '../../../../src/node/p2p/network.js';

export const GENESIS = new Uint8Array(32).fill(7);
export const HEAD = { height: 0, hash: new Uint8Array(32), totalWeight: 0n };

const started: Network[] = [];
const dirs: string[] = [];

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-p2p-'));
  dirs.push(dir);
  return dir;
}

/** A started network on chain 1 with GENESIS, accepting all gossip and holding no blocks or chunks by default. */
export async function startNetwork(options: Partial<NetworkOptions> = {}): Promise<Network> {
  const net = await Network.create({
    dataDir: options.dataDir ?? (await tempDir()),
    port: 0,
    chainId: 1,
    genesisHash: GENESIS,
    head: () => HEAD,
    handlers: { gossip: {}, blocksByRange: () => [], chunk: () => undefined },
    ...options,
  });
  started.push(net);
  return net;
}

export async function stopAll(): Promise<void> {
  await Promise.all(started.splice(0).map((n) => n.stop()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Polls `condition` until it holds; fails after a generous `timeoutMs` naming what it waited for. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves with the arguments of the next `event` whose arguments satisfy `match`. */
export function nextEvent<A extends unknown[]>(
  emitter: EventEmitter,
  event: string,
  match: (...args: A) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<A> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const listener = (...args: unknown[]) => {
      if (!match(...(args as A))) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(args as A);
    };
    emitter.on(event, listener);
  });
}

/** Both networks have completed the status handshake with each other. */
export function handshaken(a: Network, b: Network): () => boolean {
  const knows = (x: Network, y: Network) => x.peers().some((p) => p.id === y.peerId && p.status !== undefined);
  return () => knows(a, b) && knows(b, a);
}
