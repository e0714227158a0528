// Valid chain objects for the chain targets' seeds: the committed test vectors (test/spec/vectors), the test chain's
// genesis block (test/helpers/chain/fixtures.ts), signed transfers, and values at the encodings' limits.
import { readFileSync } from 'node:fs';
import { accountRecord, type Account } from '../../../src/chain/account.js';
import type { Block } from '../../../src/chain/block.js';
import { decodeBlock } from '../../../src/chain/block.js';
import type { BlockHeader } from '../../../src/chain/header.js';
import { MAX_AMOUNT, MAX_UINT } from '../../../src/chain/params.js';
import type { Transaction } from '../../../src/chain/transaction.js';
import { modelRecord } from '../../../src/chain/models.js';
import { sortUndo, type Undo } from '../../../src/chain/undo.js';
import { fromHex } from '../../../src/codec/hex.js';
import { genesisBlock } from '../../../src/consensus/genesis.js';
import { alice, bob, genesisConfig, miner, transfer } from '../../helpers/chain/fixtures.js';

const vector = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../spec/vectors/${name}.json`, import.meta.url), 'utf8')) as {
    encoding: string;
  };

const filled = (n: number, b: number) => new Uint8Array(n).fill(b);

export function seedTransactions(): Transaction[] {
  const memo = (n: number) => Uint8Array.from({ length: n }, (_, i) => i & 0xff);
  return [
    transfer(alice, bob.address, 1234n, 56n, 0),
    transfer(bob, alice.address, 1n, 0n, 7),
    { ...transfer(alice, miner.address, 0n, 1n, 1), payload: { kind: 'transfer', memo: memo(1) } },
    { ...transfer(alice, miner.address, 5n, 1n, 2), payload: { kind: 'transfer', memo: memo(256) } },
    {
      chainId: 0xffff_ffff,
      sender: filled(32, 0xff),
      nonce: MAX_UINT,
      recipient: filled(20, 0xff),
      amount: MAX_AMOUNT,
      fee: MAX_AMOUNT,
      payload: { kind: 'transfer', memo: memo(127) },
      signature: filled(64, 0xff),
    },
  ];
}

export function seedBlocks(): Block[] {
  const vectorBlock = decodeBlock(fromHex('block', vector('block').encoding));
  const genesis = genesisBlock(genesisConfig);
  const header: BlockHeader = {
    ...vectorBlock.header,
    version: 0xffff_ffff,
    height: MAX_UINT,
    timestamp: MAX_UINT,
    nonce: (1n << 64n) - 1n,
    modelSize: MAX_UINT,
    score: { correct: MAX_UINT, total: MAX_UINT },
  };
  return [vectorBlock, genesis, { header, txs: seedTransactions() }, { header: vectorBlock.header, txs: [] }];
}

export function seedTransactionBytes(): Uint8Array[] {
  const { transactions } = storageVectors();
  return [
    fromHex('transaction', vector('transaction').encoding),
    ...Object.values(transactions).map((t) => fromHex('transaction', t.encoding)),
  ];
}

/** test/spec/vectors/storage.json: the storage kinds' transactions and the storage records. */
export function storageVectors(): {
  transactions: Record<string, { encoding: string }>;
  records: Record<'keeper' | 'object' | 'epoch', string>;
} {
  return JSON.parse(readFileSync(new URL('../../spec/vectors/storage.json', import.meta.url), 'utf8'));
}

export function seedBlockBytes(): Uint8Array[] {
  return [fromHex('block', vector('block').encoding)];
}

export function seedAccounts(): Account[] {
  return [
    { balance: 0n, nonce: 0 },
    { balance: 10_000n, nonce: 3 },
    { balance: 127n, nonce: 128 },
    { balance: MAX_AMOUNT, nonce: MAX_UINT },
  ];
}

export function seedUndos(): Undo[] {
  const accounts = seedAccounts();
  const addresses = [alice.address, bob.address, miner.address];
  return [
    { prior: [] },
    sortUndo({ prior: [accountRecord(addresses[0], accounts[1]), modelRecord(filled(32, 4), false)] }),
    sortUndo({ prior: addresses.map((a, i) => accountRecord(a, accounts[i + 1])) }),
    sortUndo({
      prior: [
        accountRecord(filled(20, 0), accounts[0]),
        accountRecord(filled(20, 0xff), accounts[3]),
        modelRecord(filled(32, 0xff), false),
        modelRecord(filled(32, 0x01)),
      ],
    }),
  ];
}
