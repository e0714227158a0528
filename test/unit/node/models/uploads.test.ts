// The upload tracker over a real ObjectStore and real states: what it remembers across a restart, a reorganisation
// that unnames an upload (its clock restarts), and an index file that is not one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { State } from '../../../../src/chain/state.js';
import { objectRecord } from '../../../../src/chain/storage/objects.js';
import { segmentRoot } from '../../../../src/crypto/segment-tree.js';
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import { Uploads, type UploadHead } from '../../../../src/node/models/uploads.js';

const LIMITS = { bytes: 10_000, blocks: 5 };
const REORG_DEPTH = 3;

async function* once(bytes: Uint8Array) {
  yield bytes;
}

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-uploads-'));
  const store = new ObjectStore(join(dir, 'data'));
  const index = join(dir, 'uploads.json');
  let head: UploadHead = { height: 10, state: State.empty };
  const open = () => Uploads.open(store, index, LIMITS, REORG_DEPTH, () => head);
  return { dir, store, index, open, at: (h: UploadHead) => (head = h) };
}

test('a restart keeps the unnamed uploads counted and deleted on time', async () => {
  const { dir, store, open, at } = await setup();
  const file = new Uint8Array(3000).fill(1);
  await (await open()).put(once(file));
  const reopened = await open();
  assert.equal(reopened.unnamedBytes, 3000);
  await reopened.onHead(at({ height: 14, state: State.empty }));
  assert.ok(store.has(segmentRoot(file)));
  await reopened.onHead(at({ height: 15, state: State.empty }));
  assert.ok(!store.has(segmentRoot(file)));
  assert.equal((await open()).unnamedBytes, 0);
  await rm(dir, { recursive: true });
});

test('bytes the store held before (not uploads) are never tracked, so never deleted', async () => {
  const { dir, store, open, at } = await setup();
  const own = new Uint8Array(2000).fill(2);
  await store.put(own);
  const uploads = await open();
  await uploads.put(once(own));
  assert.equal(uploads.unnamedBytes, 0);
  await uploads.onHead(at({ height: 100, state: State.empty }));
  assert.ok(store.has(segmentRoot(own)));
  await rm(dir, { recursive: true });
});

test('named, then unnamed by a reorganisation: its window restarts; named deep enough: the chain’s', async () => {
  const { dir, store, open, at } = await setup();
  const file = new Uint8Array(4000).fill(3);
  const root = segmentRoot(file);
  const uploads = await open();
  await uploads.put(once(file));
  const naming = State.fromRecords([
    objectRecord(root, { kind: 'data', size: file.length, replication: 4, created: 11, replicas: [] }),
  ]);
  await uploads.onHead(at({ height: 11, state: naming }));
  assert.equal(uploads.unnamedBytes, 0);
  await uploads.onHead(at({ height: 12, state: State.empty })); // the branch without the proposal
  assert.equal(uploads.unnamedBytes, 4000);
  await uploads.onHead(at({ height: 16, state: State.empty }));
  assert.ok(store.has(root), 'the window counts from the reorganisation, not the upload');
  await uploads.onHead(at({ height: 17, state: naming }));
  await uploads.onHead(at({ height: 17 + REORG_DEPTH, state: naming }));
  await uploads.onHead(at({ height: 100, state: State.empty }));
  assert.ok(store.has(root), 'no longer the tracker’s to delete');
  await rm(dir, { recursive: true });
});

test('an index that is not one is a clear error, not forgotten uploads', async () => {
  const { dir, index, open } = await setup();
  await writeFile(index, '{"uploads":[{"root":"zz"}]}');
  await assert.rejects(open(), {
    code: 'bad-upload-index',
    message: `bad-upload-index: ${index}: upload 0 is not {root, size, since} (delete it to forget the uploads)`,
  });
  await writeFile(index, 'nope');
  await assert.rejects(open(), /bad-upload-index: .*uploads\.json: not JSON: /);
  await rm(dir, { recursive: true });
});
