import { test } from 'node:test';
import assert from 'node:assert/strict';
import { genesisState } from '../../../../src/consensus/genesis.js';
import { Mempool } from '../../../../src/node/mempool/mempool.js';
import { isInvalidTransaction } from '../../../../src/node/sync/peer-faults.js';
import { alice, genesisConfig, params, testKey, transfer } from '../../../helpers/chain/fixtures.js';

/** What admitting `tx` to a fresh mempool at genesis throws. */
function refusal(tx: ReturnType<typeof transfer>): unknown {
  try {
    new Mempool(params, { maxTxs: 10, maxPerSender: 10 }).add(tx, genesisState(genesisConfig), 1);
  } catch (err) {
    return err;
  }
  assert.fail('admitted');
}

test('a gossiped zero-fee transaction is provably invalid; an unpaid account creation depends on the head', () => {
  const newcomer = testKey(90).address;
  assert.equal(isInvalidTransaction(refusal(transfer(testKey(91), newcomer, 0n, 0n, 0))), true);
  assert.equal(isInvalidTransaction(refusal(transfer(alice, newcomer, 1n, params.minFee, 0))), false);
});
