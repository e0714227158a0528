// The keeper's answer to a challenge, judged by the chain's own rules: the cheap checks (stateTxRejection at the
// height it is meant for) and the proof's verification (what storage-proof's apply runs), from a copy on disk.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { challengeOf } from '../../../../src/chain/storage/challenge.js';
import type { StorageProofPayload } from '../../../../src/chain/tx-payload.js';
import { stateTxRejection } from '../../../../src/chain/tx-rules.js';
import { signTransaction } from '../../../../src/chain/tx-signing.js';
import { toHex } from '../../../../src/codec/hex.js';
import { SEGMENT_BYTES, verifySegmentProof } from '../../../../src/crypto/segment-tree.js';
import { challengeAnswer } from '../../../../src/node/keeper/proof.js';
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import { alice, params } from '../../../helpers/chain/fixtures.js';
import { CHALLENGE_HEIGHT, challengedState } from './storage-state.js';

// Three chunks and a bit: the challenged segment may lie in any of them.
const file = Uint8Array.from({ length: 3 * 65536 + 700 }, (_, i) => (i * 31 + 7) & 0xff);
let dir: string;
let store: ObjectStore;
let root: Uint8Array;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-proof-'));
  store = new ObjectStore(dir);
  root = await store.put(file);
});
after(() => rm(dir, { recursive: true, force: true }));

function proofTx(payload: StorageProofPayload) {
  return signTransaction(
    {
      chainId: params.chainId,
      sender: alice.publicKey,
      nonce: 0,
      recipient: new Uint8Array(20),
      amount: 0n,
      fee: params.minFee,
      payload,
    },
    alice.seed,
  );
}

describe("the keeper's challenge answer", () => {
  test('from its stored copy: passes the chain’s checks in the block after the head and verifies', async () => {
    const state = challengedState(alice.address, root, file.length);
    const answer = (await challengeAnswer(params, state, CHALLENGE_HEIGHT, store, root, alice.address, 1))!;
    assert.equal(answer.index, challengeOf(params, state, root, alice.address)!.segment);
    assert.equal(stateTxRejection(params, state, proofTx(answer), CHALLENGE_HEIGHT + 1), undefined);
    assert.ok(verifySegmentProof(root, file.length, answer));
    assert.ok(answer.segment.length <= SEGMENT_BYTES && answer.siblings.length <= 40);
  });

  test('waits proofDelay - 1 blocks past the challenge block, and gives up once the window has passed', async () => {
    const state = challengedState(alice.address, root, file.length);
    const at = (h: number, delay: number) => challengeAnswer(params, state, h, store, root, alice.address, delay);
    assert.equal(await at(CHALLENGE_HEIGHT, 2), undefined);
    const late = (await at(CHALLENGE_HEIGHT + 1, 2))!;
    assert.equal(stateTxRejection(params, state, proofTx(late), CHALLENGE_HEIGHT + 2), undefined);
    const windowEnd = CHALLENGE_HEIGHT + params.storage.challengeWindow;
    assert.ok(await at(windowEnd - 1, 1), 'the last block of the window can still take it');
    assert.equal(await at(windowEnd, 1), undefined, 'the next block would fall past the window');
  });

  test('a copy damaged on disk is not re-checked: its proof passes the cheap checks and fails verification', async () => {
    const state = challengedState(alice.address, root, file.length);
    const { segment } = challengeOf(params, state, root, alice.address)!;
    // The byte of the challenged segment flipped on disk, as rot or a cheating keeper leaves it.
    const path = join(dir, `${toHex(root)}.cai`);
    const bytes = await readFile(path);
    bytes[segment * SEGMENT_BYTES] ^= 1;
    await writeFile(path, bytes);
    const answer = (await challengeAnswer(params, state, CHALLENGE_HEIGHT, store, root, alice.address, 1))!;
    assert.equal(stateTxRejection(params, state, proofTx(answer), CHALLENGE_HEIGHT + 1), undefined);
    assert.equal(verifySegmentProof(root, file.length, answer), false, 'the chain burns its bond');
    bytes[segment * SEGMENT_BYTES] ^= 1;
    await writeFile(path, bytes);
  });

  test('no answer for an object the keeper holds no replica of', async () => {
    const state = challengedState(alice.address, root, file.length);
    const other = new Uint8Array(20).fill(1);
    assert.equal(await challengeAnswer(params, state, CHALLENGE_HEIGHT, store, root, other, 1), undefined);
  });
});
