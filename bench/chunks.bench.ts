// What a 37-byte chunk request costs the server for a 4 MiB model out of its memory (a ninth root, which an
// attacker picks at will): before, the server read the whole file and rebuilt its Merkle proofs (the last 8 files
// were cached); now it reads the one chunk and takes the proof from the file's stored tree. Both against the same
// real model store on disk (the OS page cache warm, so disk speed is not measured).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { merkleProofs } from '../src/crypto/merkle.js';
import { CHUNK_BYTES, cut } from '../src/crypto/segment-tree.js';
import { ModelServer } from '../src/node/models/model-server.js';
import { ObjectStore } from '../src/node/models/object-store.js';
import { ratePerSecond, table, type BenchSection } from './report.js';

const FILES = 300;
// The server's tree cache held 256 trees when this was first measured: kept at that, so every request misses it.
const FILES_CACHED = 256;
const TREE_BYTES = 127 * 32; // the upper levels of 64 chunks
const MODEL_BYTES = 4 * 1024 * 1024;

export async function bench(): Promise<BenchSection> {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-bench-chunks-'));
  try {
    const store = new ObjectStore(dir);
    const file = new Uint8Array(randomBytes(MODEL_BYTES));
    const roots: Uint8Array[] = [];
    for (let i = 0; i < FILES; i++) {
      file[0] = i & 0xff;
      file[1] = i >> 8;
      roots.push(await store.put(file));
    }
    let next = 0;
    const root = () => roots[next++ % FILES];
    // Before: a cache miss read the file and built every chunk's proof.
    const before = await ratePerSecond(async () => {
      const bytes = (await store.get(root()))!;
      merkleProofs(cut(bytes, CHUNK_BYTES));
    });
    const server = new ModelServer(store, FILES_CACHED * TREE_BYTES);
    const after = await ratePerSecond(() => server.chunk({ root: root(), index: 7 }));
    const unknown = await ratePerSecond(() => server.chunk({ root: randomBytes(32), index: 0 }));
    const us = (rate: number) => (1e6 / rate).toFixed(0);
    return {
      title: 'Chunk serving: a request for a model out of memory',
      body: [
        table(
          ['request', 'µs per request', 'requests/s'],
          [
            ['before: whole 4 MiB file read, proofs rebuilt', us(before), before.toFixed(0)],
            ['now: one chunk read, proof from the stored tree', us(after), after.toFixed(0)],
            ['now: a root not held', us(unknown), unknown.toFixed(0)],
          ],
        ),
        '',
        `${FILES} stored 4 MiB models (64 chunks each), requests cycling through them so none is in the server's ` +
          'memory; one thread, files in the page cache. The per-peer chunk rate limit (200/s, burst 400) bounds what ' +
          'one peer can ask for on top.',
      ].join('\n'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
