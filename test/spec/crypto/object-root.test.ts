// The object root vector quoted in docs/PROTOCOL.md 4.2 and NETWORK.md: the committed file is what the generator
// makes, its proofs verify the way a chain and a fetching node check them, and object_root_reference.py (Python's
// hashlib, written from the spec alone) computes the same root, chunk nodes and verdicts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromHex } from '../../../src/codec/hex.js';
import { verifySegmentProof } from '../../../src/crypto/segment-tree.js';
import { verifyChunk } from '../../../src/node/p2p/chunk.js';
import { python } from '../../helpers/python.js';
import { makeObjectVector, vectorFile } from '../vectors/object/generate.js';

const VECTOR = new URL('../vectors/object/vectors.json', import.meta.url).pathname;
const SCRIPT = new URL('object_root_reference.py', import.meta.url).pathname;
const vector = JSON.parse(readFileSync(VECTOR, 'utf8')) as ReturnType<typeof makeObjectVector>;
const hex = (s: string) => fromHex('vector', s);
const py = python('hashlib', 'the independent object root check');

test('the committed object vector is what the generator makes, and its proofs verify', () => {
  assert.deepEqual(vector, makeObjectVector());
  const { index, segment, siblings } = vector.segmentProof;
  const root = hex(vector.root);
  assert.ok(verifySegmentProof(root, vector.file.size, { index, segment: hex(segment), siblings: siblings.map(hex) }));
  const { index: c, proof } = vector.chunk;
  const data = vectorFile().subarray(c * 65536, (c + 1) * 65536);
  assert.ok(verifyChunk(root, vector.file.size, c, { data, proof: proof.map(hex) }));
});

test('object_root_reference.py computes the root, the chunk nodes and the verdicts of the vector', py.options, () => {
  const r = spawnSync(py.require(), [SCRIPT, VECTOR], { encoding: 'utf8' });
  assert.equal(r.status, 0, `object_root_reference.py failed: ${r.error?.message ?? r.stderr}`);
  assert.deepEqual(JSON.parse(r.stdout), {
    root: vector.root,
    segmentCount: vector.segmentCount,
    chunkNodes: vector.chunkNodes,
    segment: vector.segmentProof.segment,
    segmentProofVerifies: true,
    chunkProofVerifies: true,
  });
});
