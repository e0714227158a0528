// Ledger throughput: transaction signature checks per second (node:crypto ed25519 on one core) and block import
// transactions per second into a LevelDB ChainStore (signature checks, state transition, one batch per block).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressFromPublicKey } from '../src/crypto/address.js';
import { sha3_256 } from '../src/crypto/hash.js';
import { publicKeyFromSeed } from '../src/crypto/keys.js';
import { buildBlock } from '../src/chain/build-block.js';
import type { Block } from '../src/chain/block.js';
import type { GenesisConfig } from '../src/consensus/genesis-config.js';
import { genesisBlock, genesisState } from '../src/consensus/genesis.js';
import { signTransaction, verifyTransactionSignature } from '../src/chain/tx-signing.js';
import type { Transaction } from '../src/chain/transaction.js';
import { ChainStore } from '../src/node/db/chain-store.js';
import { ratePerSecond, table, type Bench } from './report.js';
import { governanceParams, storageParams } from '../test/helpers/chain/fixtures.js';

const SENDERS = 100;
const TX_PER_BLOCK = 1000;
const BLOCKS = 5;

const keys = Array.from({ length: SENDERS }, (_, i) => {
  const seed = sha3_256(new TextEncoder().encode(`bench key ${i}`));
  const publicKey = publicKeyFromSeed(seed);
  return { seed, publicKey, address: addressFromPublicKey(publicKey) };
});

const config: GenesisConfig = {
  params: {
    chainId: 9,
    maxTxPerBlock: TX_PER_BLOCK,
    initialReward: 50n,
    halvingInterval: 1000,
    minFee: 1n,
    accountCreationFee: 0n,
    maxReorgDepth: 64,
    checkpoints: [],
    nonceFree: false,
    storage: storageParams,
    governance: governanceParams,
  },
  timestamp: 0,
  alloc: keys.map((k) => ({ address: k.address, balance: 10n ** 12n })),
  // Block import here runs the state transition only; the proof-of-useful-work fields are not checked.
  grammar: { file: 'none.bnf', id: new Uint8Array(32) },
  problem: {
    dataset: 'none',
    input: { kind: 'flat', n: 1 },
    classes: 2,
    metric: 'accuracy',
    validationDigest: new Uint8Array(32),
    threshold: { mode: 'fixed', startBp: 0, floorBp: 0, decayBp: 0, decaySeconds: 1 },
    maxModelBytes: 1,
  },
  data: [],
};

/** Block b: every sender sends TX_PER_BLOCK / SENDERS transfers to the next sender. */
function blockTxs(b: number): Transaction[] {
  const perSender = TX_PER_BLOCK / SENDERS;
  return keys.flatMap((k, i) =>
    Array.from({ length: perSender }, (_, j) =>
      signTransaction(
        {
          chainId: config.params.chainId,
          sender: k.publicKey,
          nonce: b * perSender + j,
          recipient: keys[(i + 1) % SENDERS].address,
          amount: 1000n,
          fee: 10n,
          payload: { kind: 'transfer', memo: new Uint8Array() },
        },
        k.seed,
      ),
    ),
  );
}

function buildChain(): Block[] {
  let state = genesisState(config);
  let parent = genesisBlock(config).header;
  const blocks: Block[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    const built = buildBlock(config.params, state, parent, {
      miner: keys[0].address,
      timestamp: b + 1,
      txs: blockTxs(b),
    });
    blocks.push(built.block);
    state = built.state;
    parent = built.block.header;
  }
  return blocks;
}

async function importRate(blocks: Block[]): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-bench-'));
  try {
    const store = await ChainStore.create(dir, config);
    const start = process.hrtime.bigint();
    for (const block of blocks) await store.importBlock(block);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    await store.close();
    return (blocks.length * TX_PER_BLOCK) / seconds;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const bench: Bench = async () => {
  const blocks = buildChain();
  const txs = blocks[0].txs;
  let i = 0;
  const verifyRate = await ratePerSecond(() => {
    if (!verifyTransactionSignature(txs[i++ % txs.length])) throw new Error('bench transaction does not verify');
  });
  const importTxRate = await importRate(blocks);
  const rows = [
    ['transaction signature checks', `${Math.round(verifyRate)} /s`, '≥ 8,000 /s on one core'],
    [
      `block import (${BLOCKS} blocks × ${TX_PER_BLOCK} transfers, LevelDB)`,
      `${Math.round(importTxRate)} tx/s`,
      'bounded by signature checks',
    ],
  ];
  return {
    title: 'Ledger',
    body:
      table(['measure', 'rate', 'target'], rows) +
      `\n\nSignature checks verify ed25519 transaction signatures (node:crypto, ${SENDERS} distinct senders). ` +
      `Block import validates and stores each block in one atomic LevelDB batch; its rate is ` +
      `${Math.round((100 * importTxRate) / verifyRate)}% of the signature-check rate.`,
  };
};
