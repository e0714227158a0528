// What each path of proof of storage moves, to the unit: a valid proof, a miss, K misses, a wrong proof, an exit
// and its bond's return. Every test checks the keepers' balances, bonds and burnt amounts, and the supply: balances
// plus bonds equal the genesis funds plus block rewards plus proof rewards, less what penalties burnt.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesEqual, toHex } from '../../../../src/codec/hex.js';
import { blockReward } from '../../../../src/chain/reward.js';
import type { State } from '../../../../src/chain/state.js';
import { challengeOf, liveReplicas } from '../../../../src/chain/storage/challenge.js';
import { currentEpoch } from '../../../../src/chain/storage/epoch.js';
import { keeperOf, type Keeper } from '../../../../src/chain/storage/keepers.js';
import { keeperAddresses, objectRoots } from '../../../../src/chain/storage/lists.js';
import { storedObject } from '../../../../src/chain/storage/objects.js';
import { segmentRoot } from '../../../../src/crypto/segment-tree.js';
import { miner, type TestKey } from '../../../helpers/chain/fixtures.js';
import { config, EXIT, FEE, file, FUNDS, keepers, params, registerPayload, tx, World } from './world.js';

const S = params.storage;
const CAPACITY = 1_000_000;
/** 70,000 bytes: 69 segments over two chunks. */
const MODEL = file('model', 70_000);
const ROOT = segmentRoot(MODEL);
const DATA = file('data set', 5_000);
const DATA_REF = { name: 'train.idx', root: segmentRoot(DATA), size: DATA.length };

const k = (state: State, key: TestKey) => keeperOf(state, key.address)!;
const balance = (state: State, key: TestKey) => state.account(key.address).balance;
const holders = (state: State, root = ROOT) =>
  keepers.filter((key) => storedObject(state, root)!.replicas.some((r) => bytesEqual(r.keeper, key.address)));

/** Σ balances + Σ bonds of every account the tests touch. */
function supply(state: State): bigint {
  let total = balance(state, miner);
  for (const key of keepers) total += balance(state, key) + (keeperOf(state, key.address)?.bond ?? 0n);
  return total;
}
/** What the supply must be after `w`'s blocks, given the proof rewards paid and the bond burnt. */
function expectedSupply(w: World, proofs: number, burnt: bigint): bigint {
  let rewards = 0n;
  for (let h = 1; h <= w.height; h++) rewards += blockReward(params, h);
  return FUNDS * BigInt(keepers.length) + rewards + BigInt(proofs) * S.proofReward - burnt;
}

/** Four keepers (0..3), the model at block 2 on three of them, block 4 the challenge of epoch 1; the genesis data
 * set waits for keepers until block 4 places it on all four. */
function challenged(): World {
  const w = new World(config([DATA_REF]));
  w.mine(keepers.slice(0, 4).map((key) => tx(key, w.nonce(key), registerPayload(CAPACITY))));
  w.mine([], MODEL);
  w.mineTo(4);
  return w;
}

describe('proof of storage: amounts', () => {
  test('registration locks the bond; the model is placed on R keepers and the data set at the challenge block', () => {
    const w = new World(config([DATA_REF]));
    assert.equal(storedObject(w.state, DATA_REF.root)!.replicas.length, 0);
    w.mine(keepers.slice(0, 4).map((key) => tx(key, 0, registerPayload(CAPACITY))));
    for (const key of keepers.slice(0, 4)) {
      assert.equal(balance(w.state, key), FUNDS - FEE - S.minBond);
      assert.deepEqual(
        { ...k(w.state, key), peerId: undefined },
        {
          status: 'active',
          capacity: CAPACITY,
          used: 0,
          bond: S.minBond,
          peerId: undefined,
          registered: 1,
          unbondAt: 0,
          proofs: 0,
          misses: 0,
          earned: 0n,
          burnt: 0n,
        },
      );
    }
    assert.deepEqual(
      keeperAddresses(w.state).map(toHex),
      keepers.slice(0, 4).map((key) => toHex(key.address)),
    );
    w.mine([], MODEL);
    const model = storedObject(w.state, ROOT)!;
    assert.equal(model.kind, 'model');
    assert.equal(model.replicas.length, S.replication);
    assert.ok(model.replicas.every((r) => r.assigned === 2 && r.strikes === 0 && r.lastProof === 0));
    for (const key of holders(w.state)) assert.equal(k(w.state, key).used, MODEL.length);
    assert.deepEqual(objectRoots(w.state).map(toHex), [DATA_REF.root, ROOT].map(toHex));
    w.mine();
    assert.equal(storedObject(w.state, DATA_REF.root)!.replicas.length, 0);
    w.mine();
    assert.deepEqual(currentEpoch(w.state), { epoch: 1, height: 4, seed: currentEpoch(w.state)!.seed });
    assert.equal(storedObject(w.state, DATA_REF.root)!.replicas.length, 4);
    assert.equal(supply(w.state), expectedSupply(w, 0, 0n));
  });

  test('a valid proof pays proofReward (new issuance) for the fee, marks the replica proven and is open no more', () => {
    const w = challenged();
    const [prover] = holders(w.state);
    const before = balance(w.state, prover);
    const c = challengeOf(params, w.state, ROOT, prover.address)!;
    assert.deepEqual({ epoch: c.epoch, windowEnd: c.windowEnd }, { epoch: 1, windowEnd: 7 });
    w.mine([w.answer(prover, MODEL)]);
    assert.equal(balance(w.state, prover), before - FEE + S.proofReward);
    assert.equal(k(w.state, prover).proofs, 1);
    assert.equal(k(w.state, prover).earned, S.proofReward);
    assert.equal(k(w.state, prover).bond, S.minBond);
    const replica = storedObject(w.state, ROOT)!.replicas.find((r) => bytesEqual(r.keeper, prover.address))!;
    assert.deepEqual({ strikes: replica.strikes, lastProof: replica.lastProof }, { strikes: 0, lastProof: 1 });
    assert.equal(challengeOf(params, w.state, ROOT, prover.address), undefined);
    assert.equal(supply(w.state), expectedSupply(w, 1, 0n));
  });

  test('a miss burns missPenalty from the bond at c + D and strikes the replica; K misses drop it for dropPenalty', () => {
    const w = challenged();
    const [prover, ...missers] = holders(w.state);
    const balances = missers.map((key) => balance(w.state, key));
    w.mine([w.answer(prover, MODEL)]);
    w.mineTo(6);
    for (const key of missers) assert.equal(k(w.state, key).bond, S.minBond, 'nothing happens before c + D');
    w.mine(); // 7 = c + D
    for (const [i, key] of missers.entries()) {
      assert.equal(k(w.state, key).bond, S.minBond - S.missPenalty);
      assert.equal(k(w.state, key).burnt, S.missPenalty);
      assert.equal(k(w.state, key).misses, 1);
      assert.equal(balance(w.state, key), balances[i]);
    }
    const struck = storedObject(w.state, ROOT)!.replicas.filter((r) => r.strikes === 1);
    assert.deepEqual(struck.map((r) => toHex(r.keeper)).sort(), missers.map((key) => toHex(key.address)).sort());
    assert.equal(k(w.state, prover).bond, S.minBond);
    // The data set's replicas were assigned at block 4, after nothing: not challenged, not struck.
    assert.ok(storedObject(w.state, DATA_REF.root)!.replicas.every((r) => r.strikes === 0));
    assert.deepEqual(
      liveReplicas(w.state, ROOT).map((r) => toHex(r.keeper)),
      [toHex(prover.address)],
      'struck replicas are not live',
    );
    assert.equal(supply(w.state), expectedSupply(w, 1, 2n * S.missPenalty));

    w.mineTo(8); // epoch 2
    w.mine([w.answer(prover, MODEL)]); // 9
    w.mineTo(11); // 11 = c + D: the second strike is the K-th
    // Epoch 2 also challenges the data set's replicas (assigned at 4 < 8), which nobody proves: one more miss each.
    for (const key of missers) {
      assert.equal(k(w.state, key).bond, S.minBond - 3n * S.missPenalty - S.dropPenalty);
      assert.equal(k(w.state, key).burnt, 3n * S.missPenalty + S.dropPenalty);
      assert.equal(k(w.state, key).misses, 3);
    }
    assert.equal(k(w.state, prover).bond, S.minBond - S.missPenalty);
    const model = storedObject(w.state, ROOT)!;
    assert.equal(model.replicas.length, S.replication, 'both drops re-placed in the same block');
    const fresh = model.replicas.filter((r) => r.assigned === 11);
    assert.equal(fresh.length, 2);
    assert.ok(fresh.every((r) => r.strikes === 0 && !bytesEqual(r.keeper, prover.address)));
    for (const key of keepers.slice(0, 4)) {
      const expected = (holders(w.state).includes(key) ? MODEL.length : 0) + DATA.length;
      assert.equal(k(w.state, key).used, expected, 'used follows the assignments');
    }
    assert.ok(storedObject(w.state, DATA_REF.root)!.replicas.every((r) => r.strikes === 1));
    const burnt = 2n * (2n * S.missPenalty + S.dropPenalty) + 4n * S.missPenalty;
    assert.equal(supply(w.state), expectedSupply(w, 2, burnt));
  });

  test('a wrong proof (one flipped byte) is valid: it burns the whole bond, expels the keeper, re-places its replicas', () => {
    const w = challenged();
    const [cheat] = holders(w.state);
    const before = balance(w.state, cheat);
    const flipped = w.answer(cheat, MODEL, (p) => {
      const segment = p.segment.slice();
      segment[0] ^= 1;
      return { ...p, segment };
    });
    w.mine([flipped]);
    const after: Keeper = k(w.state, cheat);
    assert.equal(after.status, 'expelled');
    assert.equal(after.bond, 0n);
    assert.equal(after.burnt, S.minBond);
    assert.equal(after.used, 0);
    assert.equal(balance(w.state, cheat), before - FEE, 'the fee is paid, nothing earned');
    assert.ok(!holders(w.state).includes(cheat));
    assert.ok(!holders(w.state, DATA_REF.root).includes(cheat));
    assert.equal(storedObject(w.state, ROOT)!.replicas.length, S.replication, 'the fourth keeper took it over');
    assert.equal(supply(w.state), expectedSupply(w, 0, S.minBond));
  });

  test('an exit drops and re-places the replicas at once; the bond comes back unbondingDelay blocks later', () => {
    const w = challenged();
    const [leaver] = holders(w.state);
    const before = balance(w.state, leaver);
    w.mine([tx(leaver, w.nonce(leaver), EXIT)]); // 5
    assert.deepEqual(
      { status: k(w.state, leaver).status, unbondAt: k(w.state, leaver).unbondAt, used: k(w.state, leaver).used },
      { status: 'exiting', unbondAt: 5 + S.unbondingDelay, used: 0 },
    );
    assert.ok(!holders(w.state).includes(leaver));
    assert.equal(storedObject(w.state, ROOT)!.replicas.length, S.replication);
    assert.equal(challengeOf(params, w.state, ROOT, leaver.address), undefined);
    w.mineTo(5 + S.unbondingDelay - 1);
    assert.equal(balance(w.state, leaver), before - FEE);
    w.mine(); // 13: the bond comes back, the record and its list entry go
    assert.equal(balance(w.state, leaver), before - FEE + S.minBond);
    assert.equal(keeperOf(w.state, leaver.address), undefined);
    assert.equal(keeperAddresses(w.state).length, 3);
    assert.ok(!keeperAddresses(w.state).some((a) => bytesEqual(a, leaver.address)));
    // Nothing burnt by the exit; the other keepers missed epochs 1 and 2 (model and data set).
    const burnt = [...keepers.slice(0, 4)].reduce(
      (sum, key) => sum + (keeperOf(w.state, key.address)?.burnt ?? 0n),
      0n,
    );
    assert.equal(supply(w.state), expectedSupply(w, 0, burnt));
  });
});
