// Deterministic keys, a small chain config and helpers shared by the ledger tests.
import { addressFromPublicKey, type Address } from '../../../src/crypto/address.js';
import { sha3_256 } from '../../../src/crypto/hash.js';
import { publicKeyFromSeed } from '../../../src/crypto/keys.js';
import type { GenesisConfig } from '../../../src/consensus/genesis-config.js';
import type { Problem } from '../../../src/consensus/problem.js';
import type { ChainParams, GovernanceParams, StorageParams } from '../../../src/chain/params.js';
import type { Transaction } from '../../../src/chain/transaction.js';
import { signTransaction } from '../../../src/chain/tx-signing.js';

export interface TestKey {
  seed: Uint8Array;
  publicKey: Uint8Array;
  address: Address;
}

export function testKey(i: number): TestKey {
  const seed = sha3_256(new TextEncoder().encode(`coinai test key ${i}`));
  const publicKey = publicKeyFromSeed(seed);
  return { seed, publicKey, address: addressFromPublicKey(publicKey) };
}

export const alice = testKey(1);
export const bob = testKey(2);
export const miner = testKey(3);

/** Small storage parameters (epochs of 4 blocks) shared by ledger-level tests and benches. */
export const storageParams: StorageParams = {
  replication: 3,
  dataReplication: 4,
  epochLength: 4,
  challengeWindow: 3,
  maxStrikes: 2,
  minBond: 1000n,
  unbondingDelay: 8,
  proofReward: 100n,
  missPenalty: 10n,
  dropPenalty: 100n,
};

/** Small governance parameters (decisions every 4 blocks) shared by ledger-level tests and benches. */
export const governanceParams: GovernanceParams = {
  minDeposit: 100n,
  proposalLifetime: 40,
  decisionInterval: 4,
  quorumBp: 1000,
  confirmBlocks: 2,
  activationDelay: 2,
  lockUp: 4,
  selection: 'lottery',
};

export const params: ChainParams = {
  chainId: 7,
  maxTxPerBlock: 4,
  initialReward: 1000n,
  halvingInterval: 10,
  minFee: 1n,
  accountCreationFee: 50n,
  maxReorgDepth: 64,
  checkpoints: [],
  nonceFree: false,
  storage: storageParams,
  governance: governanceParams,
};

/** A placeholder problem: the ledger tests never check proof-of-useful-work fields. */
export const problem: Problem = {
  dataset: 'ledger-tests',
  input: { kind: 'flat', n: 2 },
  classes: 2,
  metric: 'accuracy',
  validationDigest: new Uint8Array(32),
  threshold: { mode: 'fixed', startBp: 0, floorBp: 0, decayBp: 0, decaySeconds: 1 },
  maxModelBytes: 1024,
};

export const genesisConfig: GenesisConfig = {
  params,
  timestamp: 1_700_000_000,
  alloc: [
    { address: alice.address, balance: 10_000n },
    { address: bob.address, balance: 500n },
  ],
  grammar: { file: 'ledger-tests.bnf', id: new Uint8Array(32) },
  problem,
  data: [],
};

export function transfer(
  from: TestKey,
  to: Address,
  amount: bigint,
  fee: bigint,
  nonce: number,
  chainId = params.chainId,
): Transaction {
  return signTransaction(
    {
      chainId,
      sender: from.publicKey,
      nonce,
      recipient: to,
      amount,
      fee,
      payload: { kind: 'transfer', memo: new Uint8Array() },
    },
    from.seed,
  );
}
