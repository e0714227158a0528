import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyBlock } from '../../../src/chain/apply-block.js';
import { txRoot } from '../../../src/chain/block.js';
import { buildBlock } from '../../../src/chain/build-block.js';
import { BlockError, type BlockErrorCode } from '../../../src/chain/errors.js';
import { genesisBlock, genesisState } from '../../../src/consensus/genesis.js';
import type { State } from '../../../src/chain/state.js';
import type { Transaction } from '../../../src/chain/transaction.js';
import { revertBlock } from '../../../src/chain/undo.js';
import { alice, bob, genesisConfig, miner, params, testKey, transfer } from '../../helpers/chain/fixtures.js';
import { NO_ACTIVATIONS } from '../../../src/chain/governance/decision.js';

const g = genesisBlock(genesisConfig);
/** The least fee of a transfer that creates its recipient's account. */
const CREATING_FEE = params.minFee + params.accountCreationFee;
const carol = testKey(4);
const g0 = genesisState(genesisConfig);

/** A block of `txs` on genesis whose header is otherwise correct (state root computed by honest execution). */
function blockOf(txs: Transaction[], state: State = g0) {
  return buildBlock(params, state, g.header, { miner: miner.address, timestamp: g.header.timestamp + 1, txs });
}

/** Invalid txs cannot be built honestly: take an empty block's header and give it these txs and their root. */
function withTxs(txs: Transaction[], base = blockOf([]).block) {
  return { header: { ...base.header, txRoot: txRoot(txs) }, txs };
}

function rejects(txs: Transaction[], code: BlockErrorCode, state: State = g0): void {
  assert.throws(
    () => applyBlock(params, state, withTxs(txs), NO_ACTIVATIONS),
    (e: unknown) => e instanceof BlockError && e.code === code,
  );
}

describe('applyBlock', () => {
  test('pays amounts, fees and the block reward exactly', () => {
    const txs = [transfer(alice, bob.address, 300n, 7n, 0), transfer(bob, alice.address, 100n, 5n, 0)];
    const { block } = blockOf(txs);
    const { state } = applyBlock(params, g0, block, NO_ACTIVATIONS);
    assert.deepEqual(state.account(alice.address), { balance: 10_000n - 300n - 7n + 100n, nonce: 1 });
    assert.deepEqual(state.account(bob.address), { balance: 500n + 300n - 100n - 5n, nonce: 1 });
    assert.deepEqual(state.account(miner.address), { balance: params.initialReward + 12n, nonce: 0 });
  });

  test('a transfer to oneself only costs the fee', () => {
    const { state } = applyBlock(
      params,
      g0,
      blockOf([transfer(alice, alice.address, 9000n, 1n, 0)]).block,
      NO_ACTIVATIONS,
    );
    assert.deepEqual(state.account(alice.address), { balance: 9_999n, nonce: 1 });
  });

  test('rejects a double spend: two transactions together exceeding the balance', () => {
    rejects(
      [transfer(bob, alice.address, 400n, 1n, 0), transfer(bob, alice.address, 400n, 1n, 1)],
      'insufficient-balance',
    );
  });

  test('rejects amount + fee over the balance by one unit', () => {
    rejects([transfer(bob, alice.address, 450n, 51n, 0)], 'insufficient-balance');
  });

  test('rejects a replayed nonce, in the same block and in a later one', () => {
    const tx = transfer(alice, bob.address, 1n, 1n, 0);
    rejects([tx, tx], 'bad-nonce');
    const first = applyBlock(params, g0, blockOf([tx]).block, NO_ACTIVATIONS);
    rejects([tx], 'bad-nonce', first.state);
  });

  test('rejects a transaction signed for another chain id', () => {
    rejects([transfer(alice, bob.address, 1n, 1n, 0, params.chainId + 1)], 'wrong-chain-id');
  });

  test('rejects a transaction whose signed fields were altered', () => {
    const tx = transfer(alice, bob.address, 1n, 1n, 0);
    rejects([{ ...tx, amount: 2n }], 'bad-signature');
  });

  test('rejects a block of maxTxPerBlock + 1 transactions and accepts maxTxPerBlock', () => {
    const txs = Array.from({ length: params.maxTxPerBlock + 1 }, (_, i) => transfer(alice, bob.address, 1n, 1n, i));
    rejects(txs, 'too-many-transactions');
    const ok = blockOf(txs.slice(0, params.maxTxPerBlock)).block;
    assert.equal(applyBlock(params, g0, ok, NO_ACTIVATIONS).state.account(alice.address).nonce, params.maxTxPerBlock);
  });

  test('rejects a wrong state root or tx root and leaves the input state untouched', () => {
    const { block } = blockOf([transfer(alice, bob.address, 1n, 1n, 0)]);
    const before = g0.root();
    const badState = { ...block, header: { ...block.header, stateRoot: new Uint8Array(32) } };
    assert.throws(
      () => applyBlock(params, g0, badState, NO_ACTIVATIONS),
      (e: unknown) => e instanceof BlockError && e.code === 'state-root-mismatch',
    );
    const badTx = { ...block, header: { ...block.header, txRoot: new Uint8Array(32) } };
    assert.throws(
      () => applyBlock(params, g0, badTx, NO_ACTIVATIONS),
      (e: unknown) => e instanceof BlockError && e.code === 'tx-root-mismatch',
    );
    assert.deepEqual(g0.root(), before);
    assert.deepEqual(g0.account(alice.address), { balance: 10_000n, nonce: 0 });
  });

  // Free state bloat: a zero-amount zero-fee transfer from an empty account created a permanent account.
  test('refuses a transaction below the minimum fee, a zero-fee one from an empty account included', () => {
    const mallory = testKey(66);
    rejects([transfer(mallory, carol.address, 0n, 0n, 0)], 'fee-below-minimum');
    rejects([transfer(alice, bob.address, 1n, 0n, 0)], 'fee-below-minimum');
    rejects([transfer(alice, bob.address, 1n, params.minFee - 1n, 0)], 'fee-below-minimum');
    applyBlock(params, g0, blockOf([transfer(alice, bob.address, 1n, params.minFee, 0)]).block, NO_ACTIVATIONS);
  });

  test('a transfer creating an account pays minFee + accountCreationFee, and that part is burnt', () => {
    rejects([transfer(alice, carol.address, 1n, CREATING_FEE - 1n, 0)], 'account-creation-unpaid');
    // The second of two transfers to the same new account no longer creates it.
    const txs = [transfer(alice, carol.address, 5n, CREATING_FEE, 0), transfer(alice, carol.address, 5n, 1n, 1)];
    const { state } = applyBlock(params, g0, blockOf(txs).block, NO_ACTIVATIONS);
    assert.deepEqual(state.account(carol.address), { balance: 10n, nonce: 0 });
    const minerGets = CREATING_FEE + 1n - params.accountCreationFee;
    assert.deepEqual(state.account(miner.address), { balance: params.initialReward + minerGets, nonce: 0 });
    const supply = (s: State) => [alice, bob, carol, miner].reduce((n, k) => n + s.account(k.address).balance, 0n);
    assert.equal(supply(state), supply(g0) + params.initialReward - params.accountCreationFee);
    // A zero-amount transfer creates nothing, so it owes only the minimum fee.
    const nothing = applyBlock(params, g0, blockOf([transfer(alice, carol.address, 0n, 1n, 0)]).block, NO_ACTIVATIONS);
    assert.deepEqual(nothing.state.account(carol.address), { balance: 0n, nonce: 0 });
    assert.equal(nothing.state.size, g0.size + 1); // the miner only
  });

  test('undo restores the exact prior state root across a chain of blocks', () => {
    let state = g0;
    let parent = g.header;
    const history: { root: Uint8Array; undo: Parameters<typeof revertBlock>[1] }[] = [];
    for (let h = 0; h < 5; h++) {
      const built = buildBlock(params, state, parent, {
        miner: (h % 2 ? miner : bob).address,
        timestamp: parent.timestamp + 10,
        txs: [transfer(alice, h % 2 ? bob.address : miner.address, BigInt(h + 1), CREATING_FEE, h)],
      });
      const applied = applyBlock(params, state, built.block, NO_ACTIVATIONS);
      history.push({ root: state.root(), undo: applied.undo });
      state = applied.state;
      parent = built.block.header;
    }
    while (history.length > 0) {
      const { root, undo } = history.pop()!;
      state = revertBlock(state, undo);
      assert.deepEqual(state.root(), root);
    }
    for (const k of [alice, bob, miner]) assert.deepEqual(state.account(k.address), g0.account(k.address));
    assert.equal(state.size, g0.size);
  });
});
