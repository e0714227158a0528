// fast-check generators of valid consensus objects (not necessarily validly signed or chained).
import fc from 'fast-check';
import { accountRecord, type Account } from '../../../src/chain/account.js';
import type { Block } from '../../../src/chain/block.js';
import type { BlockHeader } from '../../../src/chain/header.js';
import type { Transaction } from '../../../src/chain/transaction.js';
import { modelRecord } from '../../../src/chain/models.js';
import { sortUndo, type Undo } from '../../../src/chain/undo.js';
import { toHex } from '../../../src/codec/hex.js';

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const amount = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
const uint = fc.nat({ max: Number.MAX_SAFE_INTEGER });
/** Plain objects, as decoders return them (fast-check's default null prototype fails deepEqual). */
const record = <T extends object>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) =>
  fc.record(model, { noNullPrototype: true });

export const arbTransaction: fc.Arbitrary<Transaction> = record({
  chainId: fc.nat({ max: 0xffff_ffff }),
  sender: bytes(32),
  nonce: uint,
  recipient: bytes(20),
  amount,
  fee: amount,
  payload: record({ kind: fc.constant('transfer' as const), memo: fc.uint8Array({ maxLength: 256 }) }),
  signature: bytes(64),
});

export const arbHeader: fc.Arbitrary<BlockHeader> = fc
  .tuple(uint, uint)
  .map(([a, b]) => ({ correct: Math.min(a, b), total: Math.max(a, b) }))
  .chain((score) =>
    record({
      version: fc.nat({ max: 0xffff_ffff }),
      height: uint,
      parentHash: bytes(32),
      timestamp: uint,
      txRoot: bytes(32),
      stateRoot: bytes(32),
      miner: bytes(20),
      nonce: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      problemId: bytes(32),
      grammarId: bytes(32),
      modelRoot: bytes(32),
      modelSize: uint,
      score: fc.constant(score),
    }),
  );

export const arbBlock: fc.Arbitrary<Block> = record({
  header: arbHeader,
  txs: fc.array(arbTransaction, { maxLength: 4 }),
});

export const arbAccount: fc.Arbitrary<Account> = record({ balance: amount, nonce: uint });

/** Prior records of both namespaces: accounts (absent or not) and model digests. */
export const arbUndo: fc.Arbitrary<Undo> = fc
  .tuple(
    fc.uniqueArray(fc.tuple(bytes(20), arbAccount), { maxLength: 5, selector: ([a]) => toHex(a) }),
    fc.uniqueArray(fc.tuple(bytes(32), fc.boolean()), { maxLength: 2, selector: ([d]) => toHex(d) }),
  )
  .map(([accounts, models]) =>
    sortUndo({
      prior: [
        ...accounts.map(([a, acc]) => accountRecord(a, acc)),
        ...models.map(([d, present]) => modelRecord(d, present)),
      ],
    }),
  );
