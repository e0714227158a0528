// Every proof-of-storage rejection, and the attacks on it as an attacker makes them: each block is refused with its
// code, blaming the offending transaction, and nothing changes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockError, type BlockErrorCode } from '../../../../src/chain/errors.js';
import { bytesEqual } from '../../../../src/codec/hex.js';
import { keeperOf } from '../../../../src/chain/storage/keepers.js';
import { storedObject } from '../../../../src/chain/storage/objects.js';
import { segmentRoot } from '../../../../src/crypto/segment-tree.js';
import { bob } from '../../../helpers/chain/fixtures.js';
import type { Transaction } from '../../../../src/chain/transaction.js';
import {
  config,
  EXIT,
  file,
  FUNDS,
  keepers,
  params,
  proofOf,
  proofPayload,
  registerPayload,
  tx,
  World,
} from './world.js';

const MODEL = file('model', 70_000);
const ROOT = segmentRoot(MODEL);
const DATA = file('data set', 5_000);
const outsider = keepers[4];

/** As in penalties.test.ts: four keepers, the model on three of them, epoch 1 challenged at block 4. */
function challenged(): World {
  const w = new World(config([{ name: 'train.idx', root: segmentRoot(DATA), size: DATA.length }]));
  w.mine(keepers.slice(0, 4).map((key) => tx(key, w.nonce(key), registerPayload(1_000_000))));
  w.mine([], MODEL);
  w.mineTo(4);
  return w;
}
const holdersOf = (w: World) =>
  keepers.filter((k) => storedObject(w.state, ROOT)!.replicas.some((r) => bytesEqual(r.keeper, k.address)));
const nonHolder = (w: World) => keepers.slice(0, 4).find((k) => !holdersOf(w).includes(k))!;

function refused(w: World, txs: Transaction[], code: BlockErrorCode, txIndex = txs.length - 1): void {
  const root = w.state.root();
  const height = w.height;
  assert.throws(
    () => w.mine(txs),
    (e: unknown) => e instanceof BlockError && e.code === code && e.txIndex === txIndex,
  );
  assert.equal(w.height, height);
  assert.deepEqual(w.state.root(), root);
}

describe('keeper-register and keeper-exit rejections', () => {
  const cases: [BlockErrorCode, (w: World) => Transaction][] = [
    ['amount-not-zero', (w) => tx(outsider, w.nonce(outsider), registerPayload(1000), { amount: 1n })],
    ['recipient-not-zero', (w) => tx(outsider, w.nonce(outsider), EXIT, { recipient: bob.address })],
    ['bad-peer-id', (w) => tx(outsider, w.nonce(outsider), { ...registerPayload(1000), peerId: new Uint8Array() })],
    ['insufficient-balance', (w) => tx(outsider, w.nonce(outsider), registerPayload(1000, FUNDS))],
    ['already-keeper', (w) => tx(keepers[0], w.nonce(keepers[0]), registerPayload(1000))],
    ['not-a-keeper', (w) => tx(outsider, w.nonce(outsider), EXIT)],
  ];
  for (const [code, make] of cases) {
    test(code, () => {
      const w = challenged();
      refused(w, [make(w)], code);
    });
  }

  test('attack: a keeper-register below minBond', () => {
    const w = challenged();
    refused(w, [tx(outsider, 0, registerPayload(1_000_000, params.storage.minBond - 1n))], 'bond-below-minimum');
  });

  test('attack: keeper-registers spamming zero capacity (a keeper list entry each, for the minimum bond)', () => {
    const w = challenged();
    const spam = keepers.slice(4).map((k) => tx(k, 0, registerPayload(0)));
    refused(w, spam, 'zero-capacity', 0);
  });

  test('an exiting keeper cannot register again until its bond is back; an expelled one can', () => {
    const w = challenged();
    const [leaver, cheat] = holdersOf(w);
    w.mine([tx(leaver, w.nonce(leaver), EXIT)]);
    refused(w, [tx(leaver, w.nonce(leaver), registerPayload(1000))], 'already-keeper');
    const wrong = w.answer(cheat, MODEL, (p) => ({ ...p, segment: p.segment.map((b, i) => (i === 0 ? b ^ 1 : b)) }));
    // Not in the block that expels it: its replicas are dropped at that block's end (used would go below zero).
    refused(w, [wrong, tx(cheat, wrong.nonce + 1, registerPayload(1000))], 'already-keeper');
    w.mine([wrong]);
    w.mine([tx(cheat, w.nonce(cheat), registerPayload(1000))]);
    assert.equal(keeperOf(w.state, cheat.address)!.status, 'active');
  });
});

describe('storage-proof rejections and attacks', () => {
  test("attack: a keeper copies another keeper's proof as its own (it holds no replica)", () => {
    const w = challenged();
    const [victim] = holdersOf(w);
    const copied = w.answer(victim, MODEL).payload;
    const thief = nonHolder(w);
    refused(w, [tx(thief, w.nonce(thief), copied)], 'no-replica');
  });

  test('attack: a proof replayed in the same epoch, in the same block or a later one', () => {
    const w = challenged();
    const [keeper] = holdersOf(w);
    const proof = w.answer(keeper, MODEL);
    refused(w, [proof, tx(keeper, proof.nonce + 1, proof.payload)], 'already-proven');
    w.mine([proof]);
    refused(w, [tx(keeper, w.nonce(keeper), proof.payload)], 'already-proven');
  });

  test('attack: a proof after its window (the block after c + D)', () => {
    const w = challenged();
    const [keeper] = holdersOf(w);
    w.mineTo(7);
    const late = w.answer(keeper, MODEL);
    refused(w, [late], 'outside-window');
  });

  test('attack: a valid Merkle proof of another segment than the challenged one', () => {
    const w = challenged();
    const [keeper] = holdersOf(w);
    const proof = w.answer(keeper, MODEL);
    const p = proof.payload as Extract<Transaction['payload'], { kind: 'storage-proof' }>;
    const other = (p.index + 1) % 69;
    refused(w, [tx(keeper, proof.nonce, proofPayload(MODEL, 1, proofOf(MODEL, other)))], 'wrong-segment');
  });

  test("attack: proofs after the keeper's own exit (same block, and the next)", () => {
    const w = challenged();
    const [keeper] = holdersOf(w);
    const exit = tx(keeper, w.nonce(keeper), EXIT);
    const proof = w.answer(keeper, MODEL);
    refused(w, [exit, proof], 'not-a-keeper');
    w.mine([exit]);
    refused(w, [tx(keeper, w.nonce(keeper), proof.payload)], 'not-a-keeper');
  });

  test('wrong-epoch, not-challenged, wrong-segment-length, no-replica (unknown object)', () => {
    const w = challenged();
    const [keeper] = holdersOf(w);
    const proof = w.answer(keeper, MODEL);
    const p = proof.payload as Extract<Transaction['payload'], { kind: 'storage-proof' }>;
    const again = (over: Partial<typeof p>) => tx(keeper, proof.nonce, { ...p, ...over });
    refused(w, [again({ epoch: 2 })], 'wrong-epoch');
    refused(w, [again({ segment: p.segment.subarray(1) })], 'wrong-segment-length');
    refused(w, [again({ segment: new Uint8Array() })], 'wrong-segment-length');
    refused(w, [again({ root: new Uint8Array(32).fill(9) })], 'no-replica');
    // The data set was placed at the challenge block itself: it is not challenged until epoch 2.
    refused(w, [tx(keeper, proof.nonce, proofPayload(DATA, 1, proofOf(DATA, 0)))], 'not-challenged');
    // Before any challenge block there is no epoch at all.
    const early = new World(w.genesis);
    for (const step of w.steps.slice(1, 3)) early.mine([...step.block!.txs], step.header.modelSize ? MODEL : undefined);
    refused(early, [tx(keeper, early.nonce(keeper), { ...p, epoch: 0 })], 'wrong-epoch');
  });

  test('duplicate-object: a block whose model is already a stored object', () => {
    const w = challenged();
    assert.throws(
      () => w.mine([], MODEL, 7n),
      (e: unknown) => e instanceof BlockError && e.code === 'duplicate-object',
    );
  });
});
