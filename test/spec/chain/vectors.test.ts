import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fromHex, toHex } from '../../../src/codec/hex.js';
import { sha3_256 } from '../../../src/crypto/hash.js';
import { merkleRoot } from '../../../src/crypto/merkle.js';
import { SparseMerkleTree } from '../../../src/crypto/sparse-merkle.js';
import { applyBlock } from '../../../src/chain/apply-block.js';
import { decodeBlock, encodeBlock } from '../../../src/chain/block.js';
import { genesisState } from '../../../src/consensus/genesis.js';
import { decodeTransaction } from '../../../src/chain/transaction.js';
import { verifyTransactionSignature } from '../../../src/chain/tx-signing.js';
import { makeVectors } from '../vectors/generate.js';
import { genesisConfig, params } from '../../helpers/chain/fixtures.js';
import { NO_ACTIVATIONS } from '../../../src/chain/governance/decision.js';

const read = (name: string) => JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), 'utf8'));
const txVector = read('transaction.json');
const blockVector = read('block.json');
const stateVector = read('state.json');
const hex = (s: string) => fromHex('vector', s);

describe('test vectors', () => {
  test('the committed files are what the generator makes', () => {
    const storage = read('storage.json'); // checked in storage-vectors.test.ts
    const governance = read('governance.json'); // checked in governance-vectors.test.ts
    assert.deepEqual(
      { transaction: txVector, block: blockVector, state: stateVector, storage, governance },
      makeVectors(),
    );
  });

  test('transaction: hash is SHA3-256 of the bytes, the bytes decode to the fields, the signature verifies', () => {
    const tx = decodeTransaction(hex(txVector.encoding));
    assert.equal(toHex(sha3_256(hex(txVector.encoding))), txVector.hash);
    assert.equal(toHex(tx.signature), txVector.fields.signature);
    assert.equal(tx.amount, BigInt(txVector.fields.amount));
    assert.equal(tx.payload.kind, 'transfer');
    assert.equal(toHex(tx.payload.kind === 'transfer' ? tx.payload.memo : new Uint8Array()), txVector.fields.memo);
    const unsigned = txVector.encoding.slice(0, -128);
    assert.equal(txVector.signingMessage, toHex(Buffer.from('coinai-tx-v1')) + unsigned);
    assert.ok(verifyTransactionSignature(tx));
  });

  test('block: hash is SHA3-256 of the header bytes, txRoot the Merkle root of the tx bytes, and it applies', () => {
    const bytes = hex(blockVector.encoding);
    const block = decodeBlock(bytes);
    assert.deepEqual(encodeBlock(block), bytes);
    assert.ok(toHex(bytes).startsWith(blockVector.headerEncoding));
    assert.equal(toHex(sha3_256(hex(blockVector.headerEncoding))), blockVector.hash);
    assert.equal(
      toHex(merkleRoot(blockVector.txs.map((t: { encoding: string }) => hex(t.encoding)))),
      blockVector.header.txRoot,
    );
    assert.equal(block.header.score.correct, blockVector.header.score.correct);
    const { state } = applyBlock(
      params,
      genesisState(genesisConfig),
      block,
      NO_ACTIVATIONS,
      hex(blockVector.modelDigest),
    );
    assert.equal(toHex(state.root()), blockVector.header.stateRoot);
    assert.equal(stateVector.root, blockVector.header.stateRoot);
  });

  test('work hash: with the nonce, and without it as on a nonce-free chain, from node:crypto over the header fields', () => {
    const { parentHash, txRoot, miner, nonce } = blockVector.header;
    const sha3 = (hexText: string) => createHash('sha3-512').update(Buffer.from(hexText, 'hex')).digest('hex');
    const nonceBytes = BigInt(nonce).toString(16).padStart(16, '0');
    const address = miner.slice('cai'.length, 'cai'.length + 40); // the text form: "cai", the 20 bytes, a checksum
    assert.equal(blockVector.workHash.withNonce, sha3(parentHash + txRoot + address + nonceBytes));
    assert.equal(blockVector.workHash.nonceFree, sha3(parentHash + txRoot + address));
    const paramsValue = stateVector.records.find((r: { namespace: string }) => r.namespace === 'params').value;
    assert.equal(blockVector.workHash.nonceFreeParams, paramsValue + '01');
  });

  test("state: the records' tree keys, and the tree's root over them from scratch", () => {
    const leaves: [Uint8Array, Uint8Array][] = [];
    for (const r of stateVector.records) {
      const key = sha3_256(Buffer.from(stateVector.domain), Uint8Array.of(r.tag), hex(r.key));
      assert.equal(toHex(key), r.treeKey);
      if (r.value !== null) leaves.push([key, hex(r.value)]);
    }
    assert.equal(toHex(SparseMerkleTree.fromEntries(leaves).root()), stateVector.root);
    assert.equal(toHex(SparseMerkleTree.fromEntries([]).root()), stateVector.emptyRoot);
  });
});
