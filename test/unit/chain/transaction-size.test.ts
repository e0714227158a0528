// MAX_TRANSACTION_BYTES bounds every transaction the decoder accepts: the API and gossip refuse longer input unread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_AMOUNT, MAX_CHAIN_ID, MAX_UINT } from '../../../src/chain/params.js';
import { decodeTransaction, encodeTransaction, MAX_TRANSACTION_BYTES } from '../../../src/chain/transaction.js';
import { MAX_MEMO_LENGTH } from '../../../src/chain/tx-payload.js';
import { signTransaction } from '../../../src/chain/tx-signing.js';
import { alice, bob, transfer } from '../../helpers/chain/fixtures.js';

test('the largest transaction encodes within MAX_TRANSACTION_BYTES (428), and a plain transfer far below it', () => {
  assert.equal(MAX_TRANSACTION_BYTES, 428);
  const largest = signTransaction(
    {
      chainId: MAX_CHAIN_ID,
      sender: alice.publicKey,
      nonce: MAX_UINT,
      recipient: bob.address,
      amount: MAX_AMOUNT,
      fee: MAX_AMOUNT,
      payload: { kind: 'transfer', memo: new Uint8Array(MAX_MEMO_LENGTH).fill(0xff) },
    },
    alice.seed,
  );
  const bytes = encodeTransaction(largest);
  // The bound allows a kind tag up to 2^16 (3 bytes); the transfer's is 1 byte.
  assert.equal(bytes.length, MAX_TRANSACTION_BYTES - 2);
  assert.deepEqual(decodeTransaction(bytes), largest);
  assert.ok(encodeTransaction(transfer(alice, bob.address, 1n, 1n, 0)).length < 200);
});
