// MAX_TRANSACTION_BYTES bounds every transaction the decoder accepts: the API and gossip refuse longer input unread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_AMOUNT, MAX_CHAIN_ID, MAX_UINT } from '../../../src/chain/params.js';
import { decodeTransaction, encodeTransaction, MAX_TRANSACTION_BYTES } from '../../../src/chain/transaction.js';
import { MAX_MEMO_LENGTH, type TxPayload } from '../../../src/chain/tx-payload.js';
import { MAX_PROOF_SIBLINGS } from '../../../src/chain/tx/storage-proof/payload.js';
import { signTransaction } from '../../../src/chain/tx-signing.js';
import { SEGMENT_BYTES } from '../../../src/crypto/segment-tree.js';
import { alice, bob, transfer } from '../../helpers/chain/fixtures.js';

const largestWith = (payload: TxPayload) =>
  signTransaction(
    {
      chainId: MAX_CHAIN_ID,
      sender: alice.publicKey,
      nonce: MAX_UINT,
      recipient: bob.address,
      amount: MAX_AMOUNT,
      fee: MAX_AMOUNT,
      payload,
    },
    alice.seed,
  );

test('the largest transaction (a storage proof) encodes within MAX_TRANSACTION_BYTES (2525), a transfer in 428', () => {
  assert.equal(MAX_TRANSACTION_BYTES, 2525);
  const proof = largestWith({
    kind: 'storage-proof',
    root: new Uint8Array(32).fill(0xff),
    epoch: MAX_UINT,
    index: MAX_UINT,
    segment: new Uint8Array(SEGMENT_BYTES).fill(0xff),
    siblings: Array.from({ length: MAX_PROOF_SIBLINGS }, () => new Uint8Array(32).fill(0xff)),
  });
  const bytes = encodeTransaction(proof);
  // The bound allows a kind tag up to 2^16 (3 bytes); the storage proof's is 1 byte.
  assert.equal(bytes.length, MAX_TRANSACTION_BYTES - 2);
  assert.deepEqual(decodeTransaction(bytes), proof);
  const memo = largestWith({ kind: 'transfer', memo: new Uint8Array(MAX_MEMO_LENGTH).fill(0xff) });
  assert.equal(encodeTransaction(memo).length, 426);
  assert.ok(encodeTransaction(transfer(alice, bob.address, 1n, 1n, 0)).length < 200);
});
