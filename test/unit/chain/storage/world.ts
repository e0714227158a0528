// A small chain for the proof-of-storage tests: funded keys, the transactions of each kind, deterministic files,
// and blocks built with buildBlock on the real state transition (model objects by their segment roots, no proof of
// useful work). Parameters: R = 3, R_data = 4, E = 4, D = 3, K = 2, as the dev chain, with small amounts.
import type { Block } from '../../../../src/chain/block.js';
import { buildBlock } from '../../../../src/chain/build-block.js';
import type { BlockHeader } from '../../../../src/chain/header.js';
import type { ChainParams } from '../../../../src/chain/params.js';
import type { State } from '../../../../src/chain/state.js';
import type { Transaction } from '../../../../src/chain/transaction.js';
import type { KeeperRegisterPayload, TxPayload } from '../../../../src/chain/tx-payload.js';
import { signTransaction } from '../../../../src/chain/tx-signing.js';
import type { Undo } from '../../../../src/chain/undo.js';
import { challengeOf } from '../../../../src/chain/storage/challenge.js';
import type { GenesisConfig } from '../../../../src/consensus/genesis-config.js';
import { genesisBlock, genesisState } from '../../../../src/consensus/genesis.js';
import type { DataFileRef } from '../../../../src/consensus/storage-config.js';
import { sha3_256 } from '../../../../src/crypto/hash.js';
import {
  CHUNK_BYTES,
  SEGMENTS_PER_CHUNK,
  segmentProof,
  segmentRoot,
  upperLevels,
  type SegmentProof,
} from '../../../../src/crypto/segment-tree.js';
import { genesisConfig, miner, testKey, type TestKey } from '../../../helpers/chain/fixtures.js';

export const params: ChainParams = {
  ...genesisConfig.params,
  maxTxPerBlock: 64,
  halvingInterval: 1_000_000,
};
export const FEE = params.minFee;
export const FUNDS = 1_000_000n;
export const keepers: TestKey[] = Array.from({ length: 6 }, (_, i) => testKey(100 + i));
export const ZERO_ADDRESS = new Uint8Array(20);

/** `size` deterministic bytes named by `name`. */
export function file(name: string, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let at = 0, i = 0; at < size; at += 32, i++) {
    out.set(sha3_256(new TextEncoder().encode(`${name} ${i}`)).subarray(0, Math.min(32, size - at)), at);
  }
  return out;
}

export function config(data: readonly DataFileRef[] = []): GenesisConfig {
  return { ...genesisConfig, params, alloc: keepers.map((k) => ({ address: k.address, balance: FUNDS })), data };
}

export function tx(from: TestKey, nonce: number, payload: TxPayload, over: Partial<Transaction> = {}): Transaction {
  const { signature: _, ...unsigned } = {
    chainId: params.chainId,
    sender: from.publicKey,
    nonce,
    recipient: ZERO_ADDRESS,
    amount: 0n,
    fee: FEE,
    payload,
    signature: new Uint8Array(64),
    ...over,
  };
  return signTransaction(unsigned, from.seed);
}

export const registerPayload = (capacity: number, bond = params.storage.minBond): KeeperRegisterPayload => ({
  kind: 'keeper-register',
  capacity,
  bond,
  peerId: new TextEncoder().encode('12D3KooW-test-peer'),
});
export const EXIT: TxPayload = { kind: 'keeper-exit' };

/** The proof of segment `index` of `bytes`, built as a keeper builds it: from its chunk and the upper levels. */
export function proofOf(bytes: Uint8Array, index: number): SegmentProof {
  const chunk = Math.floor(index / SEGMENTS_PER_CHUNK);
  return segmentProof(bytes.subarray(chunk * CHUNK_BYTES, (chunk + 1) * CHUNK_BYTES), upperLevels(bytes), index);
}

export function proofPayload(bytes: Uint8Array, epoch: number, p: SegmentProof): TxPayload {
  return { kind: 'storage-proof', root: segmentRoot(bytes), epoch, ...p };
}

export interface Step {
  readonly block?: Block;
  readonly header: BlockHeader;
  readonly state: State;
  readonly undo?: Undo;
}

/** A chain being built block by block; every block can carry a model file (a stored object). */
export class World {
  readonly steps: Step[];
  private readonly nonces = new Map<TestKey, number>();
  /** The verdicts every block is built with (governance/decision.ts): a test sets those its activations need. */
  readonly activations = new Map<string, string | undefined>();

  constructor(
    readonly genesis: GenesisConfig = config(),
    /** The rules blocks are built by (the governance tests vary the selection). */
    readonly rules: ChainParams = params,
  ) {
    this.steps = [{ header: genesisBlock(genesis).header, state: genesisState(genesis) }];
  }

  get head(): Step {
    return this.steps[this.steps.length - 1];
  }
  get state(): State {
    return this.head.state;
  }
  get height(): number {
    return this.head.header.height;
  }

  /** The next nonce of `key` (counting transactions made but not yet mined). */
  nonce(key: TestKey): number {
    const n = this.nonces.get(key) ?? this.state.account(key.address).nonce;
    this.nonces.set(key, n + 1);
    return n;
  }

  /** Builds the next block (throws its BlockError when invalid; nothing changes then). */
  mine(txs: Transaction[] = [], model?: Uint8Array, nonce = 0n): Step {
    const work = model ? { modelRoot: segmentRoot(model), modelSize: model.length, nonce } : { nonce };
    const built = buildBlock(this.rules, this.state, this.head.header, {
      miner: miner.address,
      timestamp: this.head.header.timestamp + 1,
      txs,
      work,
      activations: this.activations,
    });
    const step = { block: built.block, header: built.block.header, state: built.state, undo: built.undo };
    this.steps.push(step);
    this.nonces.clear();
    return step;
  }

  /** Blocks without transactions up to `height`. */
  mineTo(height: number): void {
    while (this.height < height) this.mine();
  }

  /** `key`'s answer to its open challenge on `bytes`, for the next block. */
  answer(key: TestKey, bytes: Uint8Array, over: (p: SegmentProof) => SegmentProof = (p) => p): Transaction {
    const c = challengeOf(params, this.state, segmentRoot(bytes), key.address);
    if (!c) throw new Error('no open challenge');
    return tx(key, this.nonce(key), proofPayload(bytes, c.epoch, over(proofOf(bytes, c.segment))));
  }
}
