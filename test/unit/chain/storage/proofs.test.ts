// A proof of every segment, carried by a storage-proof transaction in a block, pays the keeper; the same proof with
// one byte flipped expels it. The challenge decides the segment, so for each index the test finds an epoch seed
// that challenges it and executes the block on that state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executeBlock } from '../../../../src/chain/execute.js';
import type { State } from '../../../../src/chain/state.js';
import { challengeSegment } from '../../../../src/chain/storage/challenge.js';
import { epochRecord } from '../../../../src/chain/storage/epoch.js';
import { keeperOf } from '../../../../src/chain/storage/keepers.js';
import { storedObject } from '../../../../src/chain/storage/objects.js';
import { sha3_512 } from '../../../../src/crypto/hash.js';
import { segmentCount, segmentRoot } from '../../../../src/crypto/segment-tree.js';
import { miner } from '../../../helpers/chain/fixtures.js';
import { file, keepers, params, proofOf, proofPayload, registerPayload, tx, World } from './world.js';
import { NO_ACTIVATIONS } from '../../../../src/chain/governance/decision.js';

/** 70,000 bytes (69 segments in two chunks, the last 368 bytes), one byte, and 65,537 bytes (a 1-byte last chunk). */
const FILES = [file('two chunks', 70_000), file('one byte', 1), file('chunk and a byte', 65_537)];
const keeper = keepers[0];

/** Three keepers each holding every file (R = 3), assigned at blocks 2, 3 and 4. */
function world(): World {
  const w = new World();
  w.mine(keepers.slice(0, 3).map((k) => tx(k, 0, registerPayload(1_000_000))));
  for (const bytes of FILES) w.mine([], bytes);
  return w;
}

/** `state` with epoch 2's challenge (block 8) seeded so that `keeper`'s replica of `bytes` is challenged at `index`. */
function challengedAt(state: State, bytes: Uint8Array, index: number): State {
  const root = segmentRoot(bytes);
  for (let i = 0; ; i++) {
    const seed = sha3_512(new TextEncoder().encode(`seed ${i}`));
    if (challengeSegment(seed, root, keeper.address, bytes.length) === index)
      return state.update([epochRecord({ epoch: 2, height: 8, seed })]);
  }
}

test('a proof of every segment verifies in a block, and pays; with one byte flipped it expels the keeper', () => {
  const w = world();
  const base = w.state;
  const nonce = base.account(keeper.address).nonce;
  const block = {
    height: 9,
    miner: miner.address,
    modelRoot: new Uint8Array(32),
    modelSize: 0,
    seed: new Uint8Array(64),
  };
  for (const bytes of FILES) {
    const root = segmentRoot(bytes);
    assert.ok(storedObject(base, root)!.replicas.length === 3);
    for (let index = 0; index < segmentCount(bytes.length); index++) {
      const state = challengedAt(base, bytes, index);
      const proof = proofOf(bytes, index);
      const good = executeBlock(
        params,
        state,
        block,
        [tx(keeper, nonce, proofPayload(bytes, 2, proof))],
        NO_ACTIVATIONS,
      ).state;
      assert.equal(keeperOf(good, keeper.address)!.proofs, 1, `segment ${index} of ${bytes.length} bytes`);
      assert.equal(good.account(keeper.address).balance, base.account(keeper.address).balance - 1n + 100n);
      for (const at of [0, proof.segment.length - 1]) {
        const segment = proof.segment.slice();
        segment[at] ^= 0x80;
        const bad = { ...proof, segment };
        const after = executeBlock(
          params,
          state,
          block,
          [tx(keeper, nonce, proofPayload(bytes, 2, bad))],
          NO_ACTIVATIONS,
        ).state;
        assert.equal(keeperOf(after, keeper.address)!.status, 'expelled', `flipped byte ${at} of segment ${index}`);
      }
    }
  }
});
