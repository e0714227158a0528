import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyBlock } from '../../../../src/chain/apply-block.js';
import { buildBlock } from '../../../../src/chain/build-block.js';
import { genesisBlock, genesisState } from '../../../../src/consensus/genesis.js';
import { accountRecord } from '../../../../src/chain/account.js';
import { revertBlock } from '../../../../src/chain/undo.js';
import { MempoolError, type MempoolErrorCode } from '../../../../src/node/mempool/errors.js';
import { Mempool } from '../../../../src/node/mempool/mempool.js';
import { alice, bob, genesisConfig, miner, params, testKey, transfer } from '../../../helpers/chain/fixtures.js';
import { NO_ACTIVATIONS } from '../../../../src/chain/governance/decision.js';

const g0 = genesisState(genesisConfig);
const pool = (maxTxs = 100, maxPerSender = 16) => new Mempool(params, { maxTxs, maxPerSender });

function refuses(p: Mempool, tx: Parameters<Mempool['add']>[0], code: MempoolErrorCode, state = g0): void {
  assert.throws(
    () => p.add(tx, state, 1),
    (e: unknown) => e instanceof MempoolError && e.code === code,
  );
}

describe('Mempool admission', () => {
  test('refuses a bad signature, a foreign chain id, a used nonce, an unaffordable spend and a duplicate', () => {
    const p = pool();
    const tx = transfer(alice, bob.address, 5n, 1n, 0);
    refuses(p, { ...tx, fee: 2n }, 'bad-signature');
    refuses(p, transfer(alice, bob.address, 5n, 1n, 0, 99), 'wrong-chain-id');
    refuses(p, transfer(bob, alice.address, 500n, 1n, 0), 'insufficient-balance');
    p.add(tx, g0, 1);
    refuses(p, tx, 'duplicate');
    const mined = buildBlock(params, g0, genesisBlock(genesisConfig).header, {
      miner: miner.address,
      timestamp: 1,
      txs: [tx],
    });
    refuses(pool(), tx, 'bad-nonce', mined.state);
  });

  test('counts the pending spending of the sender’s earlier nonces against its balance', () => {
    const p = pool();
    p.add(transfer(bob, alice.address, 300n, 1n, 0), g0, 1);
    refuses(p, transfer(bob, alice.address, 198n, 2n, 1), 'insufficient-balance');
    p.add(transfer(bob, alice.address, 197n, 2n, 1), g0, 1);
  });

  test('replaces a same-nonce transaction only for a strictly higher fee', () => {
    const p = pool();
    p.add(transfer(alice, bob.address, 5n, 10n, 0), g0, 1);
    refuses(p, transfer(alice, bob.address, 6n, 10n, 0), 'replacement-underpriced');
    p.add(transfer(alice, bob.address, 6n, 11n, 0), g0, 1);
    assert.equal(p.size, 1);
    assert.equal(p.blockTemplate(g0, 1)[0].fee, 11n);
  });

  test('when full, evicts the lowest fee rate or refuses one that pays no more', () => {
    const p = pool(2);
    const cheap = transfer(alice, bob.address, 1n, 1n, 0);
    p.add(cheap, g0, 1);
    p.add(transfer(bob, alice.address, 1n, 5n, 0), g0, 1);
    const carol = testKey(4);
    const funded = g0.update([accountRecord(carol.address, { balance: 1000n, nonce: 0 })]);
    refuses(p, transfer(carol, bob.address, 1n, 1n, 0), 'pool-full', funded);
    p.add(transfer(carol, bob.address, 1n, 3n, 0), funded, 1);
    assert.equal(p.size, 2);
    assert.deepEqual(
      p.blockTemplate(funded, 1).map((t) => t.fee),
      [5n, 3n],
    );
  });

  test('refuses a fee below the minimum (a zero fee included) and a transfer that creates an account unpaid', () => {
    const p = pool();
    const mallory = testKey(66);
    refuses(p, transfer(mallory, testKey(67).address, 0n, 0n, 0), 'fee-below-minimum');
    refuses(p, transfer(alice, bob.address, 1n, params.minFee - 1n, 0), 'fee-below-minimum');
    const carol = testKey(4);
    const creating = params.minFee + params.accountCreationFee;
    refuses(p, transfer(alice, carol.address, 1n, creating - 1n, 0), 'account-creation-unpaid');
    p.add(transfer(alice, carol.address, 0n, params.minFee, 0), g0, 1); // a zero amount creates nothing
    p.add(transfer(alice, carol.address, 1n, creating, 1), g0, 1);
    assert.equal(p.size, 2);
  });

  test('limits the transactions held per sender', () => {
    const p = pool(100, 2);
    p.add(transfer(alice, bob.address, 1n, 1n, 0), g0, 1);
    p.add(transfer(alice, bob.address, 1n, 1n, 1), g0, 1);
    refuses(p, transfer(alice, bob.address, 1n, 1n, 2), 'sender-limit');
  });
});

describe('Mempool block template and chain updates', () => {
  test('orders by fee rate, keeps each sender in nonce order, stops at gaps and at N', () => {
    const p = pool();
    p.add(transfer(alice, bob.address, 1n, 1n, 0), g0, 1);
    p.add(transfer(alice, bob.address, 1n, 50n, 1), g0, 1);
    p.add(transfer(alice, bob.address, 1n, 90n, 3), g0, 1); // nonce 2 missing: not executable
    p.add(transfer(bob, alice.address, 1n, 20n, 0), g0, 1);
    const picked = p.blockTemplate(g0, 1).map((t) => [t.fee, t.nonce]);
    assert.deepEqual(picked, [
      [20n, 0],
      [1n, 0],
      [50n, 1],
    ]);
    assert.equal(p.blockTemplate(g0, 1, 2).length, 2);
    const block = buildBlock(params, g0, genesisBlock(genesisConfig).header, {
      miner: miner.address,
      timestamp: 1,
      txs: p.blockTemplate(g0, 1),
    });
    assert.doesNotThrow(() => applyBlock(params, g0, block.block, NO_ACTIVATIONS));
  });

  test('removes mined transactions and re-admits those of an undone block', () => {
    const p = pool();
    const txs = [transfer(alice, bob.address, 1n, 2n, 0), transfer(bob, alice.address, 1n, 3n, 0)];
    for (const tx of txs) p.add(tx, g0, 1);
    const replaceable = transfer(alice, bob.address, 9n, 1n, 1);
    p.add(replaceable, g0, 1);
    const built = buildBlock(params, g0, genesisBlock(genesisConfig).header, {
      miner: miner.address,
      timestamp: 1,
      txs,
    });
    p.removeMined(built.block.txs, built.state, built.block.header.height + 1);
    assert.equal(p.size, 1);
    assert.deepEqual(p.blockTemplate(built.state, 1), [replaceable]);
    const reverted = revertBlock(built.state, built.undo);
    assert.equal(p.readmit(built.block.txs, reverted, 1), 2);
    assert.equal(p.blockTemplate(reverted, 1).length, 3);
  });

  test('leaves out a pooled transfer whose recipient a reorganisation made new again, unless it pays for it', () => {
    const [carol, dave] = [testKey(4), testKey(5)];
    const creating = params.minFee + params.accountCreationFee;
    const genesis = genesisBlock(genesisConfig).header;
    const base = g0.update([accountRecord(dave.address, { balance: 1000n, nonce: 0 })]);
    const created = buildBlock(params, base, genesis, {
      miner: miner.address,
      timestamp: 1,
      txs: [transfer(alice, carol.address, 1n, creating, 0)],
    });
    const p = pool();
    const cheap = transfer(bob, carol.address, 1n, params.minFee, 0);
    p.add(cheap, created.state, 1);
    // The block that created carol is undone: the cheap transfer would create the account unpaid.
    assert.deepEqual(p.blockTemplate(base, 1), []);
    // Once a transfer that pays for the creation comes first, the cheap one no longer creates anything.
    const paying = transfer(dave, carol.address, 1n, creating, 0);
    p.add(paying, created.state, 1);
    const template = p.blockTemplate(base, 1);
    assert.deepEqual(template, [paying, cheap]);
    assert.doesNotThrow(() => buildBlock(params, base, genesis, { miner: miner.address, timestamp: 1, txs: template }));
  });
});
