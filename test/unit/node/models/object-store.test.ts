import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '../../../../src/codec/hex.js';
import { merkleRoot, merkleTree } from '../../../../src/crypto/merkle.js';
import {
  CHUNK_BYTES,
  cut,
  SEGMENT_BYTES,
  segmentCount,
  segmentRoot,
  upperLevels,
  verifySegmentProof,
} from '../../../../src/crypto/segment-tree.js';
import { ModelServer } from '../../../../src/node/models/model-server.js';
import { ObjectStore, ObjectStoreError } from '../../../../src/node/models/object-store.js';
import { verifyChunk } from '../../../../src/node/p2p/chunk.js';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
async function store(): Promise<{ dir: string; store: ObjectStore }> {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-objects-'));
  dirs.push(dir);
  return { dir, store: new ObjectStore(dir) };
}

const file = (size: number, seed = 1) =>
  Uint8Array.from({ length: size }, (_, i) => (i * 131 + seed * 7 + (i >> 9) + (i >> 16) * 13) & 0xff);
const SIZE = 3 * CHUNK_BYTES + 5000;

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

/** The whole-file reads a store makes (its `get`), counted on the real store. */
function countWholeReads(s: ObjectStore): () => number {
  let reads = 0;
  const get = s.get.bind(s);
  s.get = (root) => (reads++, get(root));
  return () => reads;
}

test('an object is stored under its segment root with its upper levels, and read back whole or by chunk', async () => {
  const { store: s } = await store();
  const f = file(SIZE);
  const root = await s.put(f);
  assert.deepEqual(root, segmentRoot(f));
  assert.ok(s.has(root));
  assert.deepEqual(await s.get(root), f);
  assert.deepEqual(await s.roots(), [root]);
  assert.deepEqual(await s.tree(root), upperLevels(f));
  const chunks = cut(f, CHUNK_BYTES);
  for (const [i, c] of chunks.entries()) assert.deepEqual(await s.chunk(root, i), c);
  assert.equal(await s.chunk(root, chunks.length), undefined);
  await s.delete(root);
  assert.equal(s.has(root), false);
  assert.equal(await s.tree(root), undefined);
  await assert.rejects(
    s.put(new Uint8Array(0)),
    (err) => err instanceof ObjectStoreError && err.code === 'empty-object',
  );
});

test('a streamed object, in pieces of any size, is stored as put would store it, and a failed stream leaves nothing', async () => {
  const { dir, store: s } = await store();
  const f = file(SIZE, 2);
  for (const size of [1000, CHUNK_BYTES, 3 * CHUNK_BYTES + 1]) {
    const root = await s.putStream(pieces(f, size));
    assert.deepEqual(root, segmentRoot(f), `pieces of ${size}`);
    assert.deepEqual(await s.get(root), f);
    assert.deepEqual(await s.tree(root), upperLevels(f));
  }
  await assert.rejects(
    s.putStream(pieces(new Uint8Array(0), 1)),
    (err) => err instanceof ObjectStoreError && err.code === 'empty-object',
  );
  async function* failing() {
    yield f.subarray(0, 2 * CHUNK_BYTES);
    throw new Error('the peer went away');
  }
  await assert.rejects(s.putStream(failing()), /the peer went away/);
  assert.deepEqual((await readdir(dir)).sort(), [`${toHex(segmentRoot(f))}.cai`, `${toHex(segmentRoot(f))}.tree`]);
});

test("a keeper's proof of every segment reads only its chunk and the tree, and verifies against the root", async () => {
  const { store: s } = await store();
  const f = file(SIZE, 3);
  const root = await s.put(f);
  const reads = countWholeReads(s);
  for (let i = 0; i < segmentCount(SIZE); i++) {
    const proof = (await s.proof(root, i))!;
    assert.deepEqual(proof.segment, f.subarray(i * SEGMENT_BYTES, (i + 1) * SEGMENT_BYTES));
    assert.ok(verifySegmentProof(root, SIZE, proof), `segment ${i}`);
  }
  assert.equal(reads(), 0);
  for (const index of [segmentCount(SIZE), 2 ** 40, -1, 1.5]) assert.equal(await s.proof(root, index), undefined);
  assert.equal(await s.proof(new Uint8Array(32), 0), undefined, 'an object not held');
});

test('a copy flipped on disk gives a proof that fails on chain: the store does not re-check it', async () => {
  const { dir, store: s } = await store();
  const f = file(SIZE, 4);
  const root = await s.put(f);
  const path = join(dir, `${toHex(root)}.cai`);
  const tampered = new Uint8Array(await readFile(path));
  tampered[70 * SEGMENT_BYTES + 3] ^= 1;
  await writeFile(path, tampered);
  assert.equal(verifySegmentProof(root, SIZE, (await s.proof(root, 70))!), false);
  assert.ok(verifySegmentProof(root, SIZE, (await s.proof(root, 130))!), 'segments of other chunks still prove');
});

test('trees of the old format are rebuilt, and a file stored under its old root moves to its segment root', async () => {
  const { dir, store: s } = await store();
  // As the store wrote trees when a model root was the Merkle root over 64 KiB chunks: the leaf count, then levels.
  const oldTree = (f: Uint8Array) => {
    const levels = merkleTree(cut(f, CHUNK_BYTES));
    const bytes = new Uint8Array(4 + levels.flat().length * 32);
    new DataView(bytes.buffer).setUint32(0, levels[0].length);
    levels.flat().forEach((h, i) => bytes.set(h, 4 + 32 * i));
    return bytes;
  };
  const kept = file(SIZE, 5);
  const root = segmentRoot(kept);
  await writeFile(join(dir, `${toHex(root)}.cai`), kept);
  await writeFile(join(dir, `${toHex(root)}.tree`), oldTree(kept));
  const moved = file(2 * CHUNK_BYTES, 6);
  const oldRoot = merkleRoot(cut(moved, CHUNK_BYTES));
  await writeFile(join(dir, `${toHex(oldRoot)}.cai`), moved);
  await writeFile(join(dir, `${toHex(oldRoot)}.tree`), oldTree(moved));

  const server = new ModelServer(s);
  for (let i = 0; i < 4; i++) {
    const chunk = await server.chunk({ root, index: i });
    assert.ok(chunk && verifyChunk(root, SIZE, i, chunk), `chunk ${i} proves against the segment root`);
  }
  assert.deepEqual(await s.tree(root), upperLevels(kept));
  assert.deepEqual((await readFile(join(dir, `${toHex(root)}.tree`))).subarray(0, 4), Buffer.from('CAIT'));

  assert.equal(await server.chunk({ root: oldRoot, index: 0 }), undefined, 'not the object of its old name');
  assert.equal(s.has(oldRoot), false);
  assert.deepEqual(await s.get(segmentRoot(moved)), moved, 'nothing is lost');
  assert.deepEqual(await s.tree(segmentRoot(moved)), upperLevels(moved));
});

test("a tree file that is another object's is rebuilt, not served", async () => {
  const { dir, store: s } = await store();
  const [a, b] = [file(SIZE, 7), file(SIZE, 8)];
  const [ra, rb] = [await s.put(a), await s.put(b)];
  await writeFile(join(dir, `${toHex(ra)}.tree`), await readFile(join(dir, `${toHex(rb)}.tree`)));
  const chunk = await new ModelServer(s).chunk({ root: ra, index: 1 });
  assert.ok(chunk && verifyChunk(ra, SIZE, 1, chunk));
});

test('the server keeps trees up to its byte budget, least recently used out first', async () => {
  const { store: s } = await store();
  const roots = [await s.put(file(SIZE, 9)), await s.put(file(SIZE, 10))];
  const treeBytes = 7 * 32; // 4 chunks: 4 + 2 + 1 nodes
  const server = new ModelServer(s, treeBytes);
  let treeReads = 0;
  const tree = s.tree.bind(s);
  s.tree = (root) => (treeReads++, tree(root));
  for (const root of [roots[0], roots[0], roots[1], roots[1], roots[0]]) await server.chunk({ root, index: 0 });
  assert.equal(treeReads, 3, 'one tree fits: a hit, a hit, then a miss for the other each time it changes');
});
