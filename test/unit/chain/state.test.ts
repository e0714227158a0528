import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { accountRecord, ACCOUNTS } from '../../../src/chain/account.js';
import { MODELS, modelRecord } from '../../../src/chain/models.js';
import { treeKey, type Namespace, type RecordChange } from '../../../src/chain/namespace.js';
import { NAMESPACES } from '../../../src/chain/namespaces.js';
import { State } from '../../../src/chain/state.js';
import { revertBlock, sortUndo } from '../../../src/chain/undo.js';
import { toHex } from '../../../src/codec/hex.js';
import { SparseMerkleTree } from '../../../src/crypto/sparse-merkle.js';

/** A namespace as a later module would add one, with keys as long as addresses. */
const LOCKS: Namespace = { tag: 200, name: 'locks (test)', keyLength: ACCOUNTS.keyLength };

describe('namespaced state', () => {
  test('the same key bytes in two namespaces are two records: neither reads, overwrites nor removes the other', () => {
    const key = new Uint8Array(20).fill(9);
    const account = { balance: 5n, nonce: 1 };
    const state = State.empty.update([accountRecord(key, account), { ns: LOCKS, key, value: Uint8Array.of(1, 2) }]);
    assert.equal(state.size, 2);
    assert.deepEqual(state.account(key), account);
    assert.deepEqual(state.record(LOCKS, key), Uint8Array.of(1, 2));
    const removed = state.update([{ ns: LOCKS, key, value: undefined }]);
    assert.deepEqual(removed.account(key), account);
    assert.equal(removed.record(LOCKS, key), undefined);
    // A model digest whose bytes begin with an address is not that account either.
    const digest = new Uint8Array(32);
    digest.set(key);
    assert.deepEqual(state.update([modelRecord(digest)]).account(key), account);
    assert.deepEqual(State.empty.update([modelRecord(digest)]).account(key), { balance: 0n, nonce: 0 });
  });

  test('tree keys of different namespaces never coincide, whatever the key bytes', () => {
    const namespaces = [...NAMESPACES, LOCKS];
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (bytes) => {
        const keys = namespaces.map((ns) => toHex(treeKey(ns, bytes.subarray(0, ns.keyLength))));
        assert.equal(new Set(keys).size, namespaces.length);
      }),
    );
    assert.equal(new Set(NAMESPACES.map((ns) => ns.tag)).size, NAMESPACES.length);
    assert.throws(() => treeKey(MODELS, new Uint8Array(20)), RangeError);
  });

  const arbChange: fc.Arbitrary<RecordChange> = fc.oneof(
    fc
      .tuple(fc.integer({ min: 0, max: 7 }), fc.bigInt({ min: 0n, max: 3n }), fc.nat({ max: 2 }))
      .map(([i, balance, nonce]) => accountRecord(new Uint8Array(20).fill(i), { balance, nonce })),
    fc
      .tuple(fc.integer({ min: 0, max: 3 }), fc.boolean())
      .map(([i, on]) => modelRecord(new Uint8Array(32).fill(i), on)),
  );

  test('random blocks of changes: each root equals the from-scratch root, and undo records revert exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.array(arbChange, { maxLength: 8 }), { maxLength: 10 }), (blocks) => {
        let state = State.empty;
        const model = new Map<string, [Uint8Array, Uint8Array]>();
        const history: { root: string; undo: ReturnType<typeof sortUndo> }[] = [];
        for (const changes of blocks) {
          const prior = changes.map((c) => ({ ...c, value: state.record(c.ns, c.key) }));
          const unique = [...new Map(prior.map((p) => [`${p.ns.tag}:${toHex(p.key)}`, p])).values()];
          history.push({ root: toHex(state.root()), undo: sortUndo({ prior: unique }) });
          state = state.update(changes);
          for (const c of changes) {
            const k = treeKey(c.ns, c.key);
            if (c.value === undefined) model.delete(toHex(k));
            else model.set(toHex(k), [k, c.value]);
          }
          assert.deepEqual(state.root(), SparseMerkleTree.fromEntries([...model.values()]).root());
        }
        while (history.length > 0) {
          const { root, undo } = history.pop()!;
          state = revertBlock(state, undo);
          assert.equal(toHex(state.root()), root);
        }
        assert.deepEqual(state.root(), State.empty.root());
      }),
      { numRuns: 150 },
    );
  });
});
