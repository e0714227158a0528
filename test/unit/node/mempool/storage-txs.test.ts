// The mempool judges proof-of-storage transactions with the chain's own state rules at the next block's height.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesEqual } from '../../../../src/codec/hex.js';
import { storedObject } from '../../../../src/chain/storage/objects.js';
import { segmentRoot } from '../../../../src/crypto/segment-tree.js';
import { Mempool } from '../../../../src/node/mempool/mempool.js';
import { MempoolError } from '../../../../src/node/mempool/errors.js';
import { EXIT, file, keepers, params, registerPayload, tx, World } from '../../chain/storage/world.js';

const MODEL = file('model', 5_000);
const limits = { maxTxs: 100, maxPerSender: 10 };

function challenged(): { w: World; keeper: (typeof keepers)[number] } {
  const w = new World();
  w.mine(keepers.slice(0, 3).map((k) => tx(k, 0, registerPayload(100_000))));
  w.mine([], MODEL);
  w.mineTo(4);
  const keeper = keepers.find((k) =>
    storedObject(w.state, segmentRoot(MODEL))!.replicas.some((r) => bytesEqual(r.keeper, k.address)),
  )!;
  return { w, keeper };
}

const code = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (err instanceof MempoolError) return err.code;
    throw err;
  }
  return 'admitted';
};

test('a proof is admitted inside its window and refused outside it, with the chain code', () => {
  const { w, keeper } = challenged();
  const proof = w.answer(keeper, MODEL);
  assert.equal(
    code(() => new Mempool(params, limits).add(proof, w.state, 5)),
    'admitted',
  );
  assert.equal(
    code(() => new Mempool(params, limits).add(proof, w.state, 8)),
    'outside-window',
  );
  assert.equal(
    code(() => new Mempool(params, limits).add(tx(keepers[5], 0, registerPayload(0)), w.state, 5)),
    'zero-capacity',
  );
  assert.equal(
    code(() => new Mempool(params, limits).add(tx(keepers[5], 0, EXIT), w.state, 5)),
    'not-a-keeper',
  );
});

test("a template takes a keeper's proof once, stops its queue after an exit, and leaves out a proof out of window", () => {
  const { w, keeper } = challenged();
  const pool = new Mempool(params, limits);
  const proof = w.answer(keeper, MODEL);
  pool.add(proof, w.state, 5);
  pool.add(tx(keeper, proof.nonce + 1, proof.payload), w.state, 5); // the same proof again: the block would fail
  assert.deepEqual(pool.blockTemplate(w.state, 5), [proof]);
  assert.deepEqual(pool.blockTemplate(w.state, 8), []);
  w.mine(pool.blockTemplate(w.state, 5)); // the template makes a valid block

  // An exit, then a proof the head state allows but the exit forbids in the same block: the queue stops.
  const [, other] = keepers.filter((k) => k !== keeper);
  const leaving = new Mempool(params, limits);
  const exit = tx(other, w.nonce(other), EXIT);
  const late = w.answer(other, MODEL);
  leaving.add(exit, w.state, 6);
  leaving.add(late, w.state, 6);
  assert.deepEqual(leaving.blockTemplate(w.state, 6), [exit]);
  w.mine(leaving.blockTemplate(w.state, 6));
});

test("a template stops a keeper's queue after a proof that does not verify: the block it expels the keeper in holds no more of its proofs", () => {
  // The attacker: a keeper that pools a proof of a tampered copy, then a true one; a template with both would fail
  // to build (not-a-keeper), and the miner with it.
  const w = new World();
  const other = file('other model', 3_000);
  w.mine(keepers.slice(0, 3).map((k) => tx(k, 0, registerPayload(100_000))));
  w.mine([], MODEL);
  w.mine([], other);
  w.mineTo(4);
  const [keeper] = keepers;
  const pool = new Mempool(params, limits);
  const tampered = w.answer(keeper, MODEL, (p) => ({ ...p, segment: p.segment.map((b, i) => (i === 0 ? b ^ 1 : b)) }));
  const honest = w.answer(keeper, other);
  pool.add(tampered, w.state, 5);
  pool.add(tx(keeper, tampered.nonce + 1, honest.payload), w.state, 5);
  assert.deepEqual(pool.blockTemplate(w.state, 5), [tampered]);
  w.mine(pool.blockTemplate(w.state, 5)); // a valid block, which expels the keeper
});
