// Undo restores the exact prior state root after every block of a chain that uses every new kind and every
// maintenance step; and a reorganisation across a challenge epoch (revert to a fork point before it, apply another
// branch) reaches the state a straight import of that branch reaches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyBlock } from '../../../../src/chain/apply-block.js';
import type { State } from '../../../../src/chain/state.js';
import { decodeUndo, encodeUndo, revertBlock } from '../../../../src/chain/undo.js';
import { toHex } from '../../../../src/codec/hex.js';
import { challengeOf } from '../../../../src/chain/storage/challenge.js';
import { keeperOf } from '../../../../src/chain/storage/keepers.js';
import { segmentRoot } from '../../../../src/crypto/segment-tree.js';
import { EXIT, file, keepers, params, registerPayload, tx, World } from './world.js';
import { NO_ACTIVATIONS } from '../../../../src/chain/governance/decision.js';

const MODELS = Array.from({ length: 12 }, (_, i) => file(`model ${i}`, 3_000 + 1_000 * i));
/** The keepers with an open challenge on `bytes`. */
const challenged = (w: World, bytes: Uint8Array) =>
  keepers.filter((k) => challengeOf(params, w.state, segmentRoot(bytes), k.address));

/**
 * Blocks 1..`to` with `nonce` in every header (so another nonce is another branch: other seeds, placements,
 * challenges): five keepers register; a model per block from 2; at 5 one keeper proves and one exits; at 6 one
 * proves wrongly (expelled); 7 processes epoch 1's misses; 8..11 a second epoch; 13 returns the exit's bond.
 */
function chain(nonce: bigint, to: number, from?: World): World {
  const w = from ?? new World();
  const model = (h: number) => MODELS[(h + Number(nonce)) % MODELS.length];
  while (w.height < to) {
    const h = w.height + 1;
    const txs = [];
    if (h === 1) txs.push(...keepers.slice(0, 5).map((k) => tx(k, 0, registerPayload(40_000))));
    const [first, second] = challenged(w, model(2));
    if (h === 5) txs.push(w.answer(first, model(2)), tx(second, w.nonce(second), EXIT));
    if (h === 6) txs.push(w.answer(first, model(2), (p) => ({ ...p, segment: p.segment.map((b) => b ^ 1) })));
    if (h === 9) txs.push(w.answer(first, model(2)));
    w.mine(txs, h >= 2 ? model(h) : undefined, nonce);
  }
  return w;
}

test('undo of every block (registrations, proofs, a wrong proof, an exit, misses, drops, bond return) is exact', () => {
  const w = chain(0n, 13);
  // The chain went through what the test claims: the three kinds, an expulsion, a K-strike drop, a bond's return.
  const kinds = new Set(w.steps.flatMap((step) => step.block?.txs.map((t) => t.payload.kind) ?? []));
  assert.deepEqual([...kinds].sort(), ['keeper-exit', 'keeper-register', 'storage-proof']);
  const records = keepers.slice(0, 5).map((k) => keeperOf(w.state, k.address));
  assert.equal(records.filter((k) => k === undefined).length, 1, 'the exit is over');
  assert.equal(records.filter((k) => k?.status === 'expelled').length, 1);
  assert.ok(records.some((k) => k && k.status === 'active' && k.burnt >= params.storage.dropPenalty));
  for (let h = 1; h < w.steps.length; h++) {
    const { state, undo } = w.steps[h];
    const back = revertBlock(state, decodeUndo(encodeUndo(undo!)));
    assert.equal(toHex(back.root()), toHex(w.steps[h - 1].state.root()), `block ${h}`);
  }
});

test('a reorganisation across a challenge epoch gives the state of a straight import of the winning branch', () => {
  const FORK = 3;
  const a = chain(0n, 13);
  // Branch B shares blocks 1..3 (same transactions and headers), then goes its own way through epochs 1 and 2.
  const b = new World();
  for (const step of a.steps.slice(1, FORK + 1)) b.steps.push(step);
  chain(1n, 11, b);
  assert.notEqual(toHex(b.state.root()), toHex(a.steps[11].state.root()));
  let state: State = a.state;
  for (let h = a.height; h > FORK; h--) state = revertBlock(state, a.steps[h].undo!);
  assert.equal(toHex(state.root()), toHex(a.steps[FORK].state.root()));
  for (const step of b.steps.slice(FORK + 1)) state = applyBlock(params, state, step.block!, NO_ACTIVATIONS).state;
  // The straight import: branch B's blocks applied from genesis.
  let straight = b.steps[0].state;
  for (const step of b.steps.slice(1)) straight = applyBlock(params, straight, step.block!, NO_ACTIVATIONS).state;
  assert.equal(toHex(state.root()), toHex(straight.root()));
  assert.equal(toHex(state.root()), toHex(b.state.root()));
});
