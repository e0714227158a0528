// A transaction as gossip (or a pooled-transactions response) delivers it: decoded, then admitted to a mempool
// against the test chain's genesis state (src/node/sync/gossip-handlers.ts, admitTransaction, without the catch
// that turns every error into a verdict). The typed errors are the decode error and the mempool's refusal.
import { genesisState } from '../../../src/consensus/genesis.js';
import { decodeTransaction, encodeTransaction, type Transaction } from '../../../src/chain/transaction.js';
import { DecodeError } from '../../../src/codec/errors.js';
import { signTransaction } from '../../../src/chain/tx-signing.js';
import { Mempool } from '../../../src/node/mempool/mempool.js';
import { MempoolError } from '../../../src/node/mempool/errors.js';
import { alice, bob, genesisConfig, miner, transfer } from '../../helpers/chain/fixtures.js';
import type { Target } from '../harness.js';

const state = genesisState(genesisConfig);

export const gossipTransactionTarget: Target<Transaction> = {
  name: 'gossip-transaction',
  about: 'decodeTransaction + Mempool.add (src/node/mempool/mempool.ts): a transaction from the transactions topic',
  seeds: () =>
    [
      transfer(alice, bob.address, 1234n, 56n, 0),
      transfer(alice, miner.address, 1n, 51n, 3), // creates the miner's account: minFee + accountCreationFee
      transfer(bob, alice.address, 499n, 1n, 0),
      transfer(alice, bob.address, 2n, 3n, 5),
      signTransaction(
        {
          ...transfer(alice, bob.address, 10n, 2n, 1),
          payload: { kind: 'transfer', memo: new Uint8Array(256).fill(1) },
        },
        alice.seed,
      ),
    ].map(encodeTransaction),
  decode: (bytes) => {
    const tx = decodeTransaction(bytes);
    new Mempool(genesisConfig.params, { maxTxs: 4, maxPerSender: 2 }).add(tx, state, 1);
    return tx;
  },
  isRejection: (err) => err instanceof DecodeError || err instanceof MempoolError,
  encode: encodeTransaction,
  maxInputBytes: 1024,
};
