import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { toHex } from '../../../src/codec/hex.js';
import { SMT_EMPTY_HASH, smtLeafHash, SparseMerkleTree } from '../../../src/crypto/sparse-merkle.js';

type Change = [Uint8Array, Uint8Array | undefined];

/** Keys from a small pool, so that sets, replacements and deletions of one key recur; some share long prefixes. */
const pool = [
  new Uint8Array(32),
  Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 1 : 0)),
  Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 0x80 : 0)),
  Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 0x80 : i === 16 ? 0x01 : 0)),
  ...Array.from({ length: 12 }, (_, i) => Uint8Array.from({ length: 32 }, (_, j) => (i * 37 + j * 101) & 0xff)),
];
const arbKey = fc.oneof(fc.constantFrom(...pool), fc.uint8Array({ minLength: 32, maxLength: 32 }));
const arbChange: fc.Arbitrary<Change> = fc.tuple(
  arbKey,
  fc.option(fc.uint8Array({ maxLength: 8 }), { nil: undefined }),
);
const arbBlocks = fc.array(fc.array(arbChange, { maxLength: 12 }), { maxLength: 12 });

/** The reference: a plain map, its root computed from scratch by the definition. */
function apply(model: Map<string, [Uint8Array, Uint8Array]>, changes: readonly Change[]): void {
  for (const [k, v] of changes) {
    if (v === undefined) model.delete(toHex(k));
    else model.set(toHex(k), [k, v]);
  }
}

describe('sparse Merkle tree', () => {
  // From scratch: the tree of the resulting set built in one pass (fromEntries), not by updates.
  test('the incremental root equals the from-scratch root after every block of updates, and old versions stay intact', () => {
    fc.assert(
      fc.property(arbBlocks, (blocks) => {
        const model = new Map<string, [Uint8Array, Uint8Array]>();
        const versions: { tree: SparseMerkleTree; root: string; entries: string }[] = [];
        let tree = SparseMerkleTree.empty;
        for (const changes of blocks) {
          tree = tree.update(changes);
          apply(model, changes);
          const sorted = [...model.values()].sort(([a], [b]) => Buffer.compare(a, b));
          assert.deepEqual(tree.root(), SparseMerkleTree.fromEntries(sorted).root());
          assert.equal(tree.size, model.size);
          assert.deepEqual([...tree.entries()], sorted);
          for (const [k, v] of sorted) assert.deepEqual(tree.get(k), v);
          versions.push({
            tree,
            root: toHex(tree.root()),
            entries: JSON.stringify([...tree.entries()].map((e) => e.map(toHex))),
          });
        }
        for (const v of versions) {
          assert.equal(toHex(v.tree.root()), v.root);
          assert.equal(JSON.stringify([...v.tree.entries()].map((e) => e.map(toHex))), v.entries);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('reverting each block with the prior values restores the exact root, back to the empty tree', () => {
    fc.assert(
      fc.property(arbBlocks, (blocks) => {
        let tree = SparseMerkleTree.empty;
        const history: { root: string; undo: Change[] }[] = [];
        for (const changes of blocks) {
          const undo = changes.map(([k]): Change => [k, tree.get(k)]);
          history.push({ root: toHex(tree.root()), undo });
          tree = tree.update(changes);
        }
        while (history.length > 0) {
          const { root, undo } = history.pop()!;
          tree = tree.update(undo);
          assert.equal(toHex(tree.root()), root);
        }
        assert.deepEqual(tree.root(), SMT_EMPTY_HASH);
        assert.equal(tree.size, 0);
      }),
      { numRuns: 200 },
    );
  });

  test('a subtree of one leaf is that leaf: the root of one record is its leaf hash, wherever its key points', () => {
    const one = SparseMerkleTree.empty.update([[pool[3], Uint8Array.of(7)]]);
    assert.deepEqual(one.root(), smtLeafHash(pool[3], Uint8Array.of(7)));
    // Two keys differing only in their last bit: 255 internal levels, then the two leaves; deleting one collapses it.
    const two = one
      .update([
        [pool[0], Uint8Array.of(1)],
        [pool[1], Uint8Array.of(2)],
      ])
      .update([[pool[3], undefined]]);
    assert.deepEqual(two.update([[pool[1], undefined]]).root(), smtLeafHash(pool[0], Uint8Array.of(1)));
  });

  test('refuses keys that are not 32 bytes, and duplicate keys in a set built at once', () => {
    assert.throws(() => SparseMerkleTree.empty.update([[new Uint8Array(31), new Uint8Array()]]), RangeError);
    assert.throws(() => SparseMerkleTree.empty.get(new Uint8Array(33)), RangeError);
    assert.throws(
      () =>
        SparseMerkleTree.fromEntries([
          [pool[0], new Uint8Array()],
          [pool[0], Uint8Array.of(1)],
        ]),
      RangeError,
    );
  });
});
