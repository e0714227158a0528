// The miner's priority share, attacked as a spammer does it: the pool full of transfers paying far higher fees than
// a keeper's storage proof (which pays the least fee: keepers are paid by issuance). Without the share the proof
// never makes a block before its window closes, and the honest keeper takes a strike and loses bond.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signTransaction } from '../../../../src/chain/tx-signing.js';
import { challengeAnswer } from '../../../../src/node/keeper/proof.js';
import { Mempool } from '../../../../src/node/mempool/mempool.js';
import { proofsFirst } from '../../../../src/node/miner/miner.js';
import { DEFAULT_MINER_OPTIONS } from '../../../../src/node/miner/options.js';
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import { alice, bob, params, testKey, transfer } from '../../../helpers/chain/fixtures.js';
import { CHALLENGE_HEIGHT, challengedState } from '../keeper/storage-state.js';

test('pending storage proofs take their share of the block ahead of higher-fee transfers', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-share-'));
  try {
    const store = new ObjectStore(dir);
    const file = Uint8Array.from({ length: 5000 }, (_, i) => i & 0xff);
    const root = await store.put(file);
    const spammers = Array.from({ length: 8 }, (_, i) => testKey(100 + i));
    const state = challengedState(
      alice.address,
      root,
      file.length,
      spammers.map((k) => k.address),
    );
    const height = CHALLENGE_HEIGHT + 1;
    const pool = new Mempool(params, { maxTxs: 100, maxPerSender: 16 });
    for (const [i, k] of spammers.entries()) pool.add(transfer(k, bob.address, 1n, 500n + BigInt(i), 0), state, height);
    const payload = (await challengeAnswer(params, state, CHALLENGE_HEIGHT, store, root, alice.address, 1))!;
    const proof = signTransaction(
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
    pool.add(proof, state, height);

    const max = params.maxTxPerBlock; // 4: a share of 25% is one transaction
    const kinds = (txs: { payload: { kind: string } }[]) => txs.map((t) => t.payload.kind);
    const template = pool.blockTemplate(state, height, max, proofsFirst(max, DEFAULT_MINER_OPTIONS.proofShare));
    assert.deepEqual(kinds(template), ['storage-proof', 'transfer', 'transfer', 'transfer']);
    assert.deepEqual(
      template.slice(1).map((t) => t.fee),
      [507n, 506n, 505n],
      'the rest by fee rate',
    );
    // Without the share (the defence off), the spam's fees crowd the proof out of every block.
    assert.ok(!kinds(pool.blockTemplate(state, height, max)).includes('storage-proof'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a proof no block took before its window closed leaves every pool, so the keeper’s next nonce is free', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-stale-'));
  try {
    const store = new ObjectStore(dir);
    const file = Uint8Array.from({ length: 5000 }, (_, i) => i & 0xff);
    const root = await store.put(file);
    const state = challengedState(alice.address, root, file.length);
    const pool = new Mempool(params, { maxTxs: 100, maxPerSender: 16 });
    const payload = (await challengeAnswer(params, state, CHALLENGE_HEIGHT, store, root, alice.address, 1))!;
    const proof = (nonce: number) =>
      signTransaction(
        {
          chainId: params.chainId,
          sender: alice.publicKey,
          nonce,
          recipient: new Uint8Array(20),
          amount: 0n,
          fee: params.minFee,
          payload,
        },
        alice.seed,
      );
    pool.add(proof(0), state, CHALLENGE_HEIGHT + 1);
    // Blocks without it up to the window's end (censored, or the pool of every miner too full).
    const past = CHALLENGE_HEIGHT + params.storage.challengeWindow + 1;
    pool.removeMined([], state, past);
    assert.equal(pool.size, 0, 'the stale proof is gone');
    assert.equal(pool.nextNonce(alice.address, state), 0, 'its nonce is the keeper’s next one again');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
