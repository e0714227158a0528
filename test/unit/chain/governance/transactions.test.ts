// The governance transactions (docs/PROTOCOL.md 7.3): proposals lock a deposit into a record, support locks coins
// behind a proposal, withdraw unlocks them once it is no longer open; every coin is accounted for, every rejection
// is the attacker's transaction refused, and undo of each block restores the exact prior root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockError, type BlockErrorCode } from '../../../../src/chain/errors.js';
import { proposalOf } from '../../../../src/chain/governance/proposals.js';
import { supportOf } from '../../../../src/chain/governance/supports.js';
import { storedObject } from '../../../../src/chain/storage/objects.js';
import { proposalIdOf, type TxPayload } from '../../../../src/chain/tx-payload.js';
import { decodeUndo, encodeUndo, revertBlock } from '../../../../src/chain/undo.js';
import { Writer } from '../../../../src/codec/writer.js';
import { toHex } from '../../../../src/codec/hex.js';
import { sha3_256 } from '../../../../src/crypto/hash.js';
import { writeTxPayload } from '../../../../src/chain/tx-payload.js';
import { MAX_AMOUNT } from '../../../../src/chain/params.js';
import { config, FEE, FUNDS, keepers, params, tx, World } from '../storage/world.js';

const [alice, bob, carol] = keepers;
const G = params.governance;
const DEPOSIT = G.minDeposit;

const problem = (name = 'digits-2'): TxPayload => ({
  kind: 'propose-problem',
  name: new TextEncoder().encode(name),
  dataRoot: sha3_256(new TextEncoder().encode(`manifest ${name}`)),
  dataSize: 900,
  input: { kind: 'image', h: 8, w: 8, c: 1 },
  classes: 10,
  metric: 'accuracy',
  threshold: { mode: 'adaptive', startBp: 9000, floorBp: 5000, decayBp: 5, decaySeconds: 1, marginBp: 20, capBp: 9900 },
  maxModelBytes: 65_536,
  deposit: DEPOSIT,
});
const grammar: TxPayload = {
  kind: 'propose-grammar',
  grammarId: sha3_256(new TextEncoder().encode('grammar file')),
  fileRoot: sha3_256(new TextEncoder().encode('grammar root')),
  fileSize: 400,
  deposit: DEPOSIT + 5n,
};
const support = (proposal: Uint8Array, amount: bigint): TxPayload => ({ kind: 'support', proposal, amount });
const withdraw = (proposal: Uint8Array): TxPayload => ({ kind: 'withdraw', proposal });

/** `key`'s nonce for the next block (a refused block leaves World's count of pending ones behind). */
const next = (w: World, key: (typeof keepers)[number]) => w.state.account(key.address).nonce;

function refused(w: World, txs: Parameters<World['mine']>[0], code: BlockErrorCode) {
  const before = w.steps.length;
  assert.throws(
    () => w.mine(txs),
    (e) => e instanceof BlockError && e.code === code,
    code,
  );
  assert.equal(w.steps.length, before);
}

test('proposal id = SHA3-256 of the payload encoding with its kind tag', () => {
  const w = new Writer();
  writeTxPayload(w, grammar);
  assert.equal(toHex(proposalIdOf(grammar)), toHex(sha3_256(w.finish())));
  assert.notEqual(toHex(proposalIdOf(problem('a'))), toHex(proposalIdOf(problem('b'))));
});

test('deposits and support move out of balances into records and back, exactly', () => {
  const w = new World();
  const pid = proposalIdOf(problem());
  const gid = proposalIdOf(grammar);
  w.mine([tx(alice, w.nonce(alice), problem()), tx(bob, w.nonce(bob), grammar)]);
  assert.equal(w.state.account(alice.address).balance, FUNDS - FEE - DEPOSIT);
  assert.deepEqual(proposalOf(w.state, pid), {
    kind: 'problem',
    proposer: alice.address,
    deposit: DEPOSIT,
    created: 1,
    status: 'open',
    support: 0n,
    rulesId: pid,
  });
  assert.equal(toHex(proposalOf(w.state, gid)!.rulesId), toHex((grammar as { grammarId: Uint8Array }).grammarId));
  // The data set's manifest and the grammar file are stored objects, waiting for keepers.
  const p = problem() as { dataRoot: Uint8Array };
  assert.deepEqual(storedObject(w.state, p.dataRoot), {
    kind: 'data',
    size: 900,
    replication: params.storage.dataReplication,
    created: 1,
    replicas: [],
  });
  // One account supports two proposals with different coins, and tops one up.
  w.mine([
    tx(carol, w.nonce(carol), support(pid, 300n)),
    tx(carol, w.nonce(carol), support(gid, 200n)),
    tx(bob, w.nonce(bob), support(pid, 50n)),
  ]);
  w.mine([tx(carol, w.nonce(carol), support(pid, 7n))]);
  assert.deepEqual(supportOf(w.state, carol.address, pid), { amount: 307n, since: 3 });
  assert.equal(proposalOf(w.state, pid)!.support, 357n);
  assert.equal(w.state.account(carol.address).balance, FUNDS - 3n * FEE - 507n);
  // After the proposal's lifetime its support unlocks: all of it, once.
  w.mineTo(G.proposalLifetime);
  refused(w, [tx(carol, next(w, carol), withdraw(pid))], 'proposal-open');
  w.mine();
  w.mine([tx(carol, w.nonce(carol), withdraw(pid))]);
  assert.equal(supportOf(w.state, carol.address, pid), undefined);
  assert.equal(proposalOf(w.state, pid)!.support, 50n);
  assert.equal(w.state.account(carol.address).balance, FUNDS - 4n * FEE - 200n);
  refused(w, [tx(carol, next(w, carol), withdraw(pid))], 'no-support');
  refused(w, [tx(bob, next(w, bob), support(pid, 1n))], 'proposal-closed');
});

test('each rejection, as the attacker sends it', () => {
  const w = new World();
  const pid = proposalIdOf(problem());
  refused(
    w,
    [tx(alice, next(w, alice), { ...problem(), deposit: DEPOSIT - 1n } as TxPayload)],
    'deposit-below-minimum',
  );
  refused(w, [tx(alice, next(w, alice), { ...grammar, deposit: 0n } as TxPayload)], 'deposit-below-minimum');
  refused(w, [tx(alice, next(w, alice), { ...problem(), classes: 1 } as TxPayload)], 'bad-proposal');
  refused(w, [tx(alice, next(w, alice), { ...problem(), name: new Uint8Array() } as TxPayload)], 'bad-proposal');
  refused(w, [tx(alice, next(w, alice), { ...grammar, fileSize: 0 } as TxPayload)], 'bad-proposal');
  // Every node would fetch a winner's content of any size the proposal names.
  refused(w, [tx(alice, next(w, alice), { ...grammar, fileSize: 2 ** 20 + 1 } as TxPayload)], 'bad-proposal');
  refused(w, [tx(alice, next(w, alice), { ...problem(), dataSize: 2 ** 30 + 1 } as TxPayload)], 'bad-proposal');
  const badThreshold = {
    ...problem(),
    threshold: { mode: 'fixed', startBp: 10, floorBp: 20, decayBp: 1, decaySeconds: 1 },
  };
  refused(w, [tx(alice, next(w, alice), badThreshold as TxPayload)], 'bad-proposal');
  refused(w, [tx(alice, next(w, alice), support(pid, 5n))], 'unknown-proposal');
  refused(w, [tx(alice, next(w, alice), support(pid, 0n))], 'zero-support');
  refused(w, [tx(alice, next(w, alice), withdraw(pid))], 'no-support');
  w.mine([tx(alice, w.nonce(alice), problem()), tx(bob, w.nonce(bob), support(pid, 10n))]);
  // Re-proposing the same payload would reset its support and take over its deposit.
  refused(w, [tx(carol, next(w, carol), problem())], 'duplicate-proposal');
  // Unlocking while the proposal is open would let the same coins back several proposals in turn before a decision.
  refused(w, [tx(bob, next(w, bob), withdraw(pid))], 'proposal-open');
  // A support or deposit beyond the balance is refused like any cost.
  refused(w, [tx(carol, next(w, carol), support(pid, FUNDS))], 'insufficient-balance');
});

test('undo of every governance transaction restores the exact prior root', () => {
  const w = new World();
  const pid = proposalIdOf(problem());
  w.mine([tx(alice, w.nonce(alice), problem()), tx(bob, w.nonce(bob), grammar)]);
  w.mine([tx(carol, w.nonce(carol), support(pid, 300n)), tx(bob, w.nonce(bob), support(pid, 3n))]);
  w.mine([tx(carol, w.nonce(carol), support(pid, 1n))]);
  w.mineTo(2 + G.proposalLifetime);
  w.mine([tx(carol, w.nonce(carol), withdraw(pid)), tx(bob, w.nonce(bob), withdraw(pid))]);
  const kinds = new Set(w.steps.flatMap((s) => s.block?.txs.map((t) => t.payload.kind) ?? []));
  assert.deepEqual([...kinds].sort(), ['propose-grammar', 'propose-problem', 'support', 'withdraw']);
  for (let h = 1; h < w.steps.length; h++) {
    const { state, undo } = w.steps[h];
    const back = revertBlock(state, decodeUndo(encodeUndo(undo!)));
    assert.equal(toHex(back.root()), toHex(w.steps[h - 1].state.root()), `block ${h}`);
  }
});

test('support that would take a proposal’s total past 2^128-1 is balance-overflow, not a crash', () => {
  const half = MAX_AMOUNT / 2n + 1n;
  const w = new World({
    ...config(),
    alloc: [alice, bob].map((k) => ({ address: k.address, balance: half + 10n * DEPOSIT })),
  });
  const pid = proposalIdOf(problem());
  w.mine([tx(alice, w.nonce(alice), problem()), tx(bob, w.nonce(bob), support(pid, half))]);
  refused(w, [tx(alice, next(w, alice), support(pid, half))], 'balance-overflow');
});
