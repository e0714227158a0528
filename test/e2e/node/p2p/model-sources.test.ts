// Fetching a model from whichever peer holds it (a syncing node's path, docs/NETWORK.md "Model files"): peers that
// lack it or send a chunk that fails its proof are passed over, and no peer serving it is no verdict (ModelNotFound).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelFetcher, ModelNotFound } from '../../../../src/node/models/model-fetch.js';
import { ModelServer } from '../../../../src/node/models/model-server.js';
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import type { Network } from '../../../../src/node/p2p/network.js';
import { handshaken, startNetwork, stopAll, waitFor } from './nodes.js';

let dir: string;
let holder: Network, empty: Network, liar: Network, requester: Network;
// Three chunks and a bit: a file of any bytes is an object.
const file = Uint8Array.from({ length: 3 * 65536 + 100 }, (_, i) => (i * 7) & 0xff);
let ref: { modelRoot: Uint8Array; modelSize: number };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-sources-'));
  const store = new ObjectStore(dir);
  ref = { modelRoot: await store.put(file), modelSize: file.length };
  const server = new ModelServer(store);
  holder = await startNetwork({ handlers: { gossip: {}, blocksByRange: () => [], chunk: (r) => server.chunk(r) } });
  empty = await startNetwork();
  // Serves the right proof with one byte of the chunk flipped: what a keeper that tampered with its copy sends.
  liar = await startNetwork({
    handlers: {
      gossip: {},
      blocksByRange: () => [],
      chunk: async (r) => {
        const c = await server.chunk(r);
        return c && { ...c, data: Uint8Array.from(c.data, (b, i) => (i === 0 ? b ^ 1 : b)) };
      },
    },
  });
  requester = await startNetwork({ bootstrap: [holder, empty, liar].flatMap((n) => n.addresses) });
  for (const n of [holder, empty, liar]) await waitFor('handshake', handshaken(requester, n));
});

after(async () => {
  await stopAll();
  await rm(dir, { recursive: true, force: true });
});

test('the first peer that serves the whole model is used, those that lack it or lie passed over', async () => {
  const fetcher = new ModelFetcher(() => requester);
  const got = await fetcher.fetchFromAny([empty.peerId, liar.peerId, holder.peerId], ref, 4 << 20);
  assert.deepEqual(got, file);
  assert.ok(requester.peers().find((p) => p.id === liar.peerId)!.score < 0, 'the liar is penalised');
});

test('no peer serving it is ModelNotFound, naming each peer asked', async () => {
  const fetcher = new ModelFetcher(() => requester);
  await assert.rejects(fetcher.fetchFromAny([empty.peerId, liar.peerId], ref, 4 << 20), (err: unknown) => {
    assert.ok(err instanceof ModelNotFound);
    assert.match(err.message, new RegExp(`${empty.peerId}.*${liar.peerId}`));
    return true;
  });
  await assert.rejects(fetcher.fetchFromAny([], ref, 4 << 20), ModelNotFound);
});
