// POST /api/objects over a real ObjectStore: an upload served back over the chunk protocol as a keeper fetches it,
// and the bounds of a write route open to whoever reaches the API, attacked as a client would: one object over the
// limit, many uploads filling the disk, a body whose length it does not declare; uploads no proposal names deleted.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { toHex } from '../../../../src/codec/hex.js';
import { ADDRESS_LENGTH } from '../../../../src/crypto/address.js';
import { CHUNK_BYTES, segmentRoot } from '../../../../src/crypto/segment-tree.js';
import { signTransaction } from '../../../../src/chain/tx-signing.js';
import { fetchChunks } from '../../../../src/node/models/model-fetch.js';
import { ModelServer } from '../../../../src/node/models/model-server.js';
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import { params } from '../../../helpers/chain/fixtures.js';
import { handshaken, startNetwork, stopAll, tempDir, waitFor } from '../p2p/nodes.js';
import { call, KEEPERS, rawRequest, startApi, type ApiFixture } from './fixture.js';

const LIMITS = { bytes: 300_000, blocks: 3 };

const upload = (api: ApiFixture, bytes: Uint8Array, type = 'application/octet-stream') =>
  call(`${api.url}/api/objects`, { method: 'POST', headers: { 'content-type': type }, body: bytes });

/** The roots the data store holds. */
const storedFiles = async (api: ApiFixture) => (await api.data.roots()).map(toHex).sort();

/** A proposal naming (root, size): what makes an upload the chain's. */
function proposeGrammar(root: Uint8Array, size: number, nonce: number) {
  const key = KEEPERS[1];
  return signTransaction(
    {
      chainId: params.chainId,
      sender: key.publicKey,
      nonce,
      recipient: new Uint8Array(ADDRESS_LENGTH),
      amount: 0n,
      fee: 1n,
      payload: {
        kind: 'propose-grammar',
        grammarId: new Uint8Array(32).fill(nonce + 1),
        fileRoot: root,
        fileSize: size,
        deposit: 100n,
      },
    },
    key.seed,
  );
}

describe('POST /api/objects', () => {
  let api: ApiFixture;
  before(async () => {
    api = await startApi({}, LIMITS);
  });
  after(async () => {
    await api.close();
    await stopAll();
  });
  // Blocks past the window: every unnamed upload of a test is gone before the next.
  afterEach(async () => {
    for (let i = 0; i < LIMITS.blocks; i++) await api.extend([]);
  });

  test('stores the bytes under their segment root; a peer fetches them back chunk by chunk', async () => {
    const file = new Uint8Array(randomBytes(2 * CHUNK_BYTES + 123));
    const r = await upload(api, file);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, { root: toHex(segmentRoot(file)), size: file.length });
    assert.deepEqual(await api.data.get(segmentRoot(file)), file);
    assert.equal(api.uploads.unnamedBytes, file.length);

    // What the node's chunk handler serves from its data store (node.ts), fetched as a keeper does.
    const server = new ModelServer(api.data);
    const a = await startNetwork({ handlers: { gossip: {}, blocksByRange: () => [], chunk: (q) => server.chunk(q) } });
    const b = await startNetwork({ bootstrap: a.addresses });
    await waitFor('handshake', handshaken(a, b));
    const keeper = new ObjectStore(join(await tempDir(), 'data'));
    const root = await keeper.putStream(fetchChunks(b, a.peerId, segmentRoot(file), file.length));
    assert.deepEqual(await keeper.get(root), file);
  });

  test('an object over the limit is refused before it is read, and nothing is stored', async () => {
    const before = await storedFiles(api);
    const r = await upload(api, new Uint8Array(LIMITS.bytes + 1));
    assert.equal(r.status, 413);
    assert.equal(r.body.code, 'object-too-large');
    assert.match(r.body.error, /^an upload of 300001 bytes is over this node's limit of 300000 \(--upload-limit\)$/);
    assert.deepEqual(await storedFiles(api), before);
    assert.equal(api.uploads.unnamedBytes, 0);
  });

  test('the disk-fill attack: uploads past the total no proposal names are refused, nothing stored', async () => {
    const before = await storedFiles(api);
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await upload(api, new Uint8Array(randomBytes(100_000))));
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200, 413, 413, 413, 413, 413, 413, 413],
    );
    assert.equal(answers[3].body.code, 'upload-limit');
    assert.match(
      answers[3].body.error,
      /^uploads no proposal names yet hold 300000 of this node's 300000 bytes \(--upload-limit\): 100000 more /,
    );
    assert.equal((await storedFiles(api)).length, before.length + 3);
    assert.ok(api.uploads.unnamedBytes <= LIMITS.bytes);
  });

  test('a body of undeclared length (chunked) is cut off where it passes the limit, nothing stored', async () => {
    const before = await storedFiles(api);
    const r = await rawRequest(`${api.url}/api/objects`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' },
      body: new Uint8Array(LIMITS.bytes + CHUNK_BYTES),
    });
    assert.equal(r.status, 413);
    assert.equal(r.body.code, 'object-too-large');
    assert.deepEqual(await storedFiles(api), before);
    assert.equal(api.uploads.unnamedBytes, 0);
  });

  test('an empty body, or one of another media type, is refused', async () => {
    const empty = await upload(api, new Uint8Array(0));
    assert.equal(empty.status, 400);
    assert.equal(empty.body.code, 'empty-object');
    const json = await upload(api, new TextEncoder().encode('{}'), 'application/json');
    assert.equal(json.status, 415);
    assert.equal(json.body.code, 'unsupported-media-type');
  });

  test('an upload no proposal names is deleted after the window; one a proposal names is kept', async () => {
    const named = new Uint8Array(randomBytes(5000));
    const unnamed = new Uint8Array(randomBytes(6000));
    for (const f of [named, unnamed]) assert.equal((await upload(api, f)).status, 200);
    await api.extend([proposeGrammar(segmentRoot(named), named.length, 0)]);
    assert.equal(api.uploads.unnamedBytes, unnamed.length, 'a named upload no longer counts');
    for (let i = 2; i < LIMITS.blocks; i++) await api.extend([]);
    assert.ok(api.data.has(segmentRoot(unnamed)), 'kept within the window');
    await api.extend([]);
    assert.ok(!api.data.has(segmentRoot(unnamed)), 'deleted after it');
    assert.ok(api.data.has(segmentRoot(named)));
    assert.equal(api.uploads.unnamedBytes, 0);
  });
});
