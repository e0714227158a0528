// Makes the ledger test vectors from fixed keys: `node --import tsx test/spec/vectors/generate.ts` rewrites
// transaction.json and block.json; test/spec/chain/vectors.test.ts checks the committed files against this.
import { writeFileSync } from 'node:fs';
import { toHex } from '../../../src/codec/hex.js';
import { formatAddress } from '../../../src/crypto/address.js';
import { encodeBlock, type Block } from '../../../src/chain/block.js';
import { buildBlock } from '../../../src/chain/build-block.js';
import { genesisBlock, genesisState } from '../../../src/consensus/genesis.js';
import { blockHash, encodeHeader, type BlockHeader } from '../../../src/chain/header.js';
import { encodeTransaction, type Transaction } from '../../../src/chain/transaction.js';
import { signTransaction, txHash, txSigningMessage } from '../../../src/chain/tx-signing.js';
import { alice, bob, genesisConfig, miner, params } from '../../helpers/chain/fixtures.js';

function txFields(tx: Transaction) {
  return {
    chainId: tx.chainId,
    sender: toHex(tx.sender),
    nonce: tx.nonce,
    recipient: formatAddress(tx.recipient),
    amount: tx.amount.toString(),
    fee: tx.fee.toString(),
    kind: tx.payload.kind,
    memo: toHex(tx.payload.memo),
    signature: toHex(tx.signature),
  };
}

function headerFields(h: BlockHeader) {
  return {
    version: h.version,
    height: h.height,
    parentHash: toHex(h.parentHash),
    timestamp: h.timestamp,
    txRoot: toHex(h.txRoot),
    stateRoot: toHex(h.stateRoot),
    miner: formatAddress(h.miner),
    nonce: h.nonce.toString(),
    problemId: toHex(h.problemId),
    grammarId: toHex(h.grammarId),
    modelRoot: toHex(h.modelRoot),
    modelSize: h.modelSize,
    score: h.score,
  };
}

const memo = new TextEncoder().encode('coffee');
const vectorTx = signTransaction(
  {
    chainId: params.chainId,
    sender: alice.publicKey,
    nonce: 0,
    recipient: bob.address,
    amount: 1234n,
    fee: 56n,
    payload: { kind: 'transfer', memo },
  },
  alice.seed,
);

/** Stands for the block's model weights digest (paramsDigest): it joins the state, so the state root commits to it. */
const VECTOR_MODEL_DIGEST = new Uint8Array(32).fill(4);

function vectorBlock(): Block {
  const genesis = genesisBlock(genesisConfig);
  const txs = [
    vectorTx,
    signTransaction(
      { ...vectorTx, sender: bob.publicKey, nonce: 0, recipient: alice.address, amount: 7n, fee: 1n },
      bob.seed,
    ),
  ];
  const h = (b: number) => new Uint8Array(32).fill(b);
  return buildBlock(params, genesisState(genesisConfig), genesis.header, {
    miner: miner.address,
    timestamp: genesis.header.timestamp + 60,
    txs,
    modelDigest: VECTOR_MODEL_DIGEST,
    work: {
      nonce: 42n,
      problemId: h(1),
      grammarId: h(2),
      modelRoot: h(3),
      modelSize: 4096,
      score: { correct: 9, total: 10 },
    },
  }).block;
}

export function makeVectors() {
  const block = vectorBlock();
  return {
    transaction: {
      description: 'A transfer signed by the ed25519 seed SHA3-256(utf8("coinai test key 1")).',
      seed: toHex(alice.seed),
      fields: txFields(vectorTx),
      signingMessage: toHex(txSigningMessage(vectorTx)),
      encoding: toHex(encodeTransaction(vectorTx)),
      hash: toHex(txHash(vectorTx)),
    },
    block: {
      description:
        'Block 1 of the test chain (chain id 7, alloc in test/helpers/chain/fixtures.ts) with two transfers; ' +
        'its model weights digest is modelDigest, so the state after it holds that one digest.',
      modelDigest: toHex(VECTOR_MODEL_DIGEST),
      header: headerFields(block.header),
      headerEncoding: toHex(encodeHeader(block.header)),
      txs: block.txs.map((tx) => ({ encoding: toHex(encodeTransaction(tx)), hash: toHex(txHash(tx)) })),
      encoding: toHex(encodeBlock(block)),
      hash: toHex(blockHash(block.header)),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const v = makeVectors();
  const dir = new URL('.', import.meta.url).pathname;
  writeFileSync(`${dir}transaction.json`, JSON.stringify(v.transaction, null, 2) + '\n');
  writeFileSync(`${dir}block.json`, JSON.stringify(v.block, null, 2) + '\n');
}
