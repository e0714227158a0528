// Stored objects over the chunk protocol, attacked as a peer would: chunk requests for files out of any cache (each
// used to cost a whole file read and a rebuild of its proofs), a peer that announces a 4 MiB model and sends
// garbage or empty chunks, and more model fetches at once than the node allows; and an object streamed into a store.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { BlockHeader } from '../../../../src/chain/header.js';
import { MODEL_CHUNK_BYTES, modelRoot } from '../../../../src/ml/model/root.js';
import { fetchChunks, ModelFetchBusy, ModelFetcher } from '../../../../src/node/models/model-fetch.js';
import { ModelServer } from '../../../../src/node/models/model-server.js';
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import { P2pError } from '../../../../src/node/p2p/errors.js';
import { verifyChunk, type ChunkRequest, type ModelChunk } from '../../../../src/node/p2p/chunk.js';
import { DEFAULT_LIMITS } from '../../../../src/node/p2p/limits.js';
import { handshaken, startNetwork, stopAll, tempDir, waitFor } from './nodes.js';

after(stopAll);

const MiB = 1024 * 1024;
/** What the fetcher reads of a header: the model's root and announced size. */
const announced = (root: Uint8Array, size: number) => ({ modelRoot: root, modelSize: size }) as BlockHeader;

test('chunks of many stored files are served without reading any file whole', async () => {
  const store = new ObjectStore(join(await tempDir(), 'models'));
  const files = Array.from({ length: 12 }, () => new Uint8Array(randomBytes(3 * MODEL_CHUNK_BYTES + 100)));
  for (const file of files) await store.put(file);
  const server = new ModelServer(store);
  // A spy on the real store's whole-file read.
  let wholeReads = 0;
  const get = store.get.bind(store);
  store.get = (root) => (wholeReads++, get(root));
  const a = await startNetwork({ handlers: { gossip: {}, blocksByRange: () => [], chunk: (r) => server.chunk(r) } });
  const b = await startNetwork({ bootstrap: a.addresses });
  await waitFor('handshake', handshaken(a, b));

  for (const index of [0, 3, 1]) {
    for (const file of files) {
      const root = modelRoot(file);
      const verify = (c: ModelChunk) => verifyChunk(root, file.length, index, c);
      const chunk = await b.requestChunk(a.peerId, root, index, verify);
      assert.deepEqual(chunk?.data, file.subarray(index * MODEL_CHUNK_BYTES, (index + 1) * MODEL_CHUNK_BYTES));
    }
  }
  assert.equal(await b.requestChunk(a.peerId, new Uint8Array(32).fill(9), 0), undefined, 'an unknown root');
  assert.equal(await b.requestChunk(a.peerId, modelRoot(files[0]), 4), undefined, 'past the last chunk');
  assert.equal(wholeReads, 0);
});

test('a peer announcing a 4 MiB model and sending garbage costs one chunk and no 4 MiB buffer', async () => {
  let requests = 0;
  const garbage = { data: new Uint8Array(randomBytes(MODEL_CHUNK_BYTES)), proof: [new Uint8Array(32)] };
  const a = await startNetwork({
    handlers: { gossip: {}, blocksByRange: () => [], chunk: () => (requests++, garbage) },
  });
  const b = await startNetwork({ bootstrap: a.addresses });
  await waitFor('handshake', handshaken(a, b));
  const fetcher = new ModelFetcher(() => b);
  const before = process.memoryUsage().arrayBuffers;
  await assert.rejects(
    fetcher.fetch(a.peerId, announced(new Uint8Array(32).fill(1), 4 * MiB), 4 * MiB),
    (err) => err instanceof P2pError && err.code === 'invalid',
  );
  const grown = process.memoryUsage().arrayBuffers - before;
  assert.equal(requests, 1, 'stopped at the first bad chunk');
  assert.ok(grown < 2 * MiB, `array buffers grew by ${grown} bytes`);
  assert.ok(b.peers().find((p) => p.id === a.peerId)!.score < 0, 'the sender is penalised');
});

test('model fetches beyond the per-peer, global and byte caps are refused at once', async () => {
  const release: (() => void)[] = [];
  const stalling = () =>
    startNetwork({
      handlers: {
        gossip: {},
        blocksByRange: () => [],
        chunk: () => new Promise<undefined>((r) => release.push(() => r(undefined))),
      },
    });
  const [a, c] = [await stalling(), await stalling()];
  const b = await startNetwork({ bootstrap: [...a.addresses, ...c.addresses] });
  await waitFor('handshakes', () => handshaken(a, b)() && handshaken(c, b)());
  const fetcher = new ModelFetcher(() => b, { concurrent: 3, perPeer: 2, bytes: 10 * MiB, bytesPerPeer: 5 * MiB });
  const fetch = (peer: string, size: number) =>
    fetcher.fetch(peer, announced(new Uint8Array(randomBytes(32)), size), 4 * MiB).then(
      () => 'ok',
      (err) => (err instanceof ModelFetchBusy ? 'busy' : 'failed'),
    );
  const fromA = [fetch(a.peerId, MiB), fetch(a.peerId, MiB)];
  assert.equal(await fetch(a.peerId, MiB), 'busy', 'a third fetch from one peer');
  const fromC = [fetch(c.peerId, 4 * MiB)];
  assert.equal(await fetch(c.peerId, 2 * MiB), 'busy', 'past 5 MiB announced by one peer');
  assert.equal(fetcher.inFlight, 3);
  assert.equal(await fetch(c.peerId, MiB), 'busy', 'a fourth fetch in all');
  await waitFor('each fetch to ask for its first chunk', () => release.length === 3);
  release.forEach((r) => r()); // the stalling peers hold nothing after all
  assert.deepEqual(await Promise.all([...fromA, ...fromC]), ['failed', 'failed', 'failed']);
  assert.equal(fetcher.inFlight, 0, 'finished fetches give their places back');
});

test("an object is streamed from its holder into a keeper's store, every chunk verified as it comes", async () => {
  const holder = new ObjectStore(join(await tempDir(), 'holder'));
  const file = new Uint8Array(randomBytes(5 * MODEL_CHUNK_BYTES + 3000));
  const root = await holder.put(file);
  const server = new ModelServer(holder);
  const a = await startNetwork({ handlers: { gossip: {}, blocksByRange: () => [], chunk: (r) => server.chunk(r) } });
  const b = await startNetwork({ bootstrap: a.addresses });
  await waitFor('handshake', handshaken(a, b));
  const keeper = new ObjectStore(join(await tempDir(), 'keeper'));
  assert.deepEqual(await keeper.putStream(fetchChunks(b, a.peerId, root, file.length)), root);
  assert.deepEqual(await keeper.get(root), file);
  assert.deepEqual(await keeper.tree(root), await holder.tree(root));
});

test('a peer answering with an empty chunk is penalised like any chunk that fails its proof', async () => {
  const empty = { data: new Uint8Array(0), proof: [] };
  const a = await startNetwork({ handlers: { gossip: {}, blocksByRange: () => [], chunk: () => empty } });
  const b = await startNetwork({ bootstrap: a.addresses });
  await waitFor('handshake', handshaken(a, b));
  const keeper = new ObjectStore(join(await tempDir(), 'keeper'));
  await assert.rejects(
    keeper.putStream(fetchChunks(b, a.peerId, new Uint8Array(32).fill(3), 2 * MODEL_CHUNK_BYTES)),
    (err) => err instanceof P2pError && err.code === 'invalid',
  );
  assert.deepEqual(await keeper.roots(), []);
  assert.ok(b.peers().find((p) => p.id === a.peerId)!.score < 0, 'the sender is penalised');
});

test('a fetch longer than the chunk burst is paced under the rate peers answer, so it is never refused', async () => {
  // Every node's chunk rate, lowered from the default (200/s, burst 400) so that a short fetch outruns it.
  const limits = { requestRates: { ...DEFAULT_LIMITS.requestRates, chunk: { perSecond: 20, burst: 10 } } };
  const holder = new ObjectStore(join(await tempDir(), 'holder'));
  const file = new Uint8Array(randomBytes(40 * MODEL_CHUNK_BYTES));
  const root = await holder.put(file);
  const server = new ModelServer(holder);
  const handlers = { gossip: {}, blocksByRange: () => [], chunk: (r: ChunkRequest) => server.chunk(r) };
  const a = await startNetwork({ limits, handlers });
  const b = await startNetwork({ limits, bootstrap: a.addresses });
  await waitFor('handshake', handshaken(a, b));
  const keeper = new ObjectStore(join(await tempDir(), 'keeper'));
  assert.deepEqual(await keeper.putStream(fetchChunks(b, a.peerId, root, file.length)), root);
  assert.equal(a.peers().find((p) => p.id === b.peerId)!.score, 0, 'no refusal cost the keeper points');
});
