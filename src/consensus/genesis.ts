// The genesis block and state, derived deterministically from the chain config: height 0, zero parent hash, the
// config's timestamp, no transactions, the zero miner address, the chain's problem and grammar ids (so the genesis
// hash names what the chain trains) with the other work fields zero, and the state of the chain parameters
// (params-record.ts), the active problem and grammar and the genesis supply (governance/active.ts), the pre-funded accounts (nonce 0) and a stored object per data-set file of the problem (kind
// data, R_data wanted, no replicas: genesis has no keepers, so they wait for the first challenge block's
// placement), listed in the config's order. No reward is paid at genesis.
import { problemId } from './problem.js';
import { ADDRESS_LENGTH } from '../crypto/address.js';
import { txRoot, type Block } from '../chain/block.js';
import type { GenesisConfig } from './genesis-config.js';
import { CURRENT_BLOCK_VERSION, HASH_LENGTH } from '../chain/header.js';
import { State } from '../chain/state.js';
import { accountRecord } from '../chain/account.js';
import type { RecordChange } from '../chain/namespace.js';
import { paramsRecord } from '../chain/params-record.js';
import { MAX_AMOUNT } from '../chain/params.js';
import { activeRulesRecord, genesisSupplyRecord } from '../chain/governance/active.js';
import { listRecords, OBJECT_LIST } from '../chain/storage/lists.js';
import { objectRecord } from '../chain/storage/objects.js';

/** The records of the genesis state: the chain parameters, the active rules, the pre-funded accounts and the data
 * objects. */
export function genesisRecords(config: GenesisConfig): RecordChange[] {
  const replication = config.params.storage.dataReplication;
  const objects = config.data.map((d) =>
    objectRecord(d.root, { kind: 'data', size: d.size, replication, created: 0, replicas: [] }),
  );
  return [
    paramsRecord(config.params),
    activeRulesRecord({
      problemId: problemId(config.problem),
      problemSince: 0,
      grammarId: config.grammar.id,
      grammarSince: 0,
    }),
    // Saturating: each balance is below 2^128, their sum need not be (a record holds at most 2^128 − 1).
    genesisSupplyRecord(minAmount(config.alloc.reduce((sum, a) => sum + a.balance, 0n))),
    ...config.alloc.map((a) => accountRecord(a.address, { balance: a.balance, nonce: 0 })),
    ...objects,
    ...listRecords(
      OBJECT_LIST,
      config.data.map((d) => d.root),
    ),
  ];
}

const minAmount = (x: bigint) => (x < MAX_AMOUNT ? x : MAX_AMOUNT);

export function genesisState(config: GenesisConfig): State {
  return State.fromRecords(genesisRecords(config));
}

export function genesisBlock(config: GenesisConfig): Block {
  const zero = new Uint8Array(HASH_LENGTH);
  return {
    header: {
      version: CURRENT_BLOCK_VERSION,
      height: 0,
      parentHash: zero,
      timestamp: config.timestamp,
      txRoot: txRoot([]),
      stateRoot: genesisState(config).root(),
      miner: new Uint8Array(ADDRESS_LENGTH),
      nonce: 0n,
      problemId: problemId(config.problem),
      grammarId: config.grammar.id,
      modelRoot: zero,
      modelSize: 0,
      score: { correct: 0, total: 0 },
    },
    txs: [],
  };
}
