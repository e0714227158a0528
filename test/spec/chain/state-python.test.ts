// The state tree against an independent implementation: smt_reference.py, Python's hashlib written from
// docs/PROTOCOL.md 1.1 and 2.6, recomputes every root and tree key of state.json from its inputs alone.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { python } from '../../helpers/python.js';

const SCRIPT = new URL('smt_reference.py', import.meta.url).pathname;
const VECTOR = new URL('../vectors/state.json', import.meta.url).pathname;
const py = python('hashlib', 'the independent state tree check');

test('smt_reference.py computes the roots and tree keys of state.json', py.options, () => {
  const r = spawnSync(py.require(), [SCRIPT, VECTOR], { encoding: 'utf8' });
  assert.equal(r.status, 0, `smt_reference.py failed: ${r.error?.message ?? r.stderr}`);
  const theirs = JSON.parse(r.stdout) as { emptyRoot: string; treeRoots: string[]; treeKeys: string[]; root: string };
  const vector = JSON.parse(readFileSync(VECTOR, 'utf8')) as {
    emptyRoot: string;
    tree: { root: string }[];
    records: { treeKey: string }[];
    root: string;
  };
  assert.deepEqual(theirs, {
    emptyRoot: vector.emptyRoot,
    treeRoots: vector.tree.map((s) => s.root),
    treeKeys: vector.records.map((r) => r.treeKey),
    root: vector.root,
  });
});
