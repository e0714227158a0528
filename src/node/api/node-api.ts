// What the HTTP API needs from a running node. The node implements it (most of it through localNodeApi, over its
// ChainStore and Mempool); the API layer only reads it and turns it into JSON.
import type { Architecture } from '../../arch/ir.js';
import type { Account } from '../../chain/account.js';
import type { Block } from '../../chain/block.js';
import type { ChainParams } from '../../chain/params.js';
import type { State } from '../../chain/state.js';
import type { BlockHeader } from '../../chain/header.js';
import type { Transaction } from '../../chain/transaction.js';
import type { Problem } from '../../consensus/problem.js';
import type { ConsensusRules } from '../../consensus/rules.js';
import type { DerivationStep } from '../../grammar/derive.js';
import type { Grammar } from '../../grammar/types.js';
import type { Split } from '../../ml/data/split.js';
import type { Address } from '../../crypto/address.js';
import type { HistoryRole, ProposalPlace, TrainedBlock } from '../db/tx-index.js';
import type { BlockVerification } from '../chain/chain-manager.js';

export type { BlockVerification, ProposalPlace, TrainedBlock };

/** A stored block; `mainChain` is false for a block on a side branch. */
export interface StoredBlock {
  readonly block: Block;
  readonly hash: Uint8Array;
  readonly mainChain: boolean;
}

/** The network a block's work hash derives (docs/PROTOCOL.md, section 3). */
export interface BlockArchitecture {
  readonly phenotype: string;
  readonly arch: Architecture;
}

/** How a block's work hash drove the grammar: each expansion of the derivation, ending in the phenotype. */
export interface BlockDerivation {
  readonly workHash: Uint8Array;
  readonly grammar: Grammar;
  readonly steps: readonly DerivationStep[];
  readonly phenotype: string;
}

/** A transaction found by hash: in a main-chain block, or waiting in the mempool. */
export type TxLocation =
  | {
      readonly status: 'mined';
      readonly tx: Transaction;
      readonly blockHash: Uint8Array;
      readonly height: number;
      readonly index: number;
    }
  | { readonly status: 'pending'; readonly tx: Transaction };

export type SubmitResult =
  | { readonly accepted: true; readonly hash: Uint8Array }
  /** `code` is machine-readable (a MempoolErrorCode), `message` says why. */
  | { readonly accepted: false; readonly code: string; readonly message: string };

export interface PeerView {
  readonly id: string;
  readonly address: string;
  readonly direction: 'inbound' | 'outbound';
  /** The peer's head height from its last status exchange; null before the handshake. */
  readonly height: number | null;
  /** 0 for a clean record, negative by its penalty points. */
  readonly score: number;
}

/** The candidate block the miner is training a model for. */
export interface MinerCandidate {
  readonly height: number;
  readonly phenotype: string;
  readonly epoch: number;
  /** Best validation score so far, in basis points; null before the first evaluation. */
  readonly scoreBp: number | null;
  /** The score the candidate must reach now (it falls while no block is found). */
  readonly thresholdBp: number;
  readonly samplesPerSecond: number;
}

/** One architecture the search policy tried for the block being mined. */
export interface MinerSearchCandidate {
  /** Decimal: nonces are 64-bit. */
  readonly nonce: string;
  readonly phenotype: string;
  readonly params: number;
  /** The last rung it trained in (0: the probe), its validation accuracy there and its predicted best. */
  readonly rung: number;
  readonly validationBp: number | null;
  readonly predictedBp: number | null;
  readonly state: 'drawn' | 'kept' | 'dropped';
  /** Why it was dropped: halving, out-of-reach. */
  readonly reason: string | null;
}

export interface MinerStatus {
  readonly enabled: boolean;
  /** The search policy's candidates for the block being mined (empty under the single policy). */
  readonly search: readonly MinerSearchCandidate[];
  /** Null between candidates. */
  readonly candidate: MinerCandidate | null;
}

/** Counters since the node started, for /metrics. */
export interface NodeMetrics {
  readonly blocksVerified: number;
  readonly verificationSeconds: number;
  /** Model evaluations run (a cached result is none). */
  readonly evaluations: number;
  /** Validation samples those evaluations evaluated. */
  readonly samplesEvaluated: number;
  /** Gossiped blocks dropped unevaluated: their sender's verification backlog, or the node's, was full. */
  readonly blocksDropped: number;
  readonly trainingSamplesPerSecond: number;
  /** The keeper service (zeros on a node that is no keeper): objects assigned to it and held, and their bytes. */
  readonly keeperObjects: number;
  readonly keeperBytes: number;
  /** Storage proofs it sent, and those a block took (each paid). */
  readonly proofsSent: number;
  readonly proofsAccepted: number;
  /** Strikes its replicas carry in the head state (missed proofs not yet cleared). */
  readonly keeperStrikes: number;
  /** Bytes of verified chunks it fetched for its assignments. */
  readonly keeperFetchBytes: number;
}

/** One entry of an address's history: a transaction it sent or received, or a block it mined. */
export interface HistoryItem {
  readonly height: number;
  readonly blockHash: Uint8Array;
  readonly role: HistoryRole;
  /** Undefined for a mined block. */
  readonly tx?: Transaction;
  /** Where the next older page starts. */
  readonly cursor: Uint8Array;
}

/** A problem main-chain blocks trained. */
export interface TrainedProblem {
  readonly id: Uint8Array;
  readonly first: TrainedBlock;
  readonly last: TrainedBlock;
  /** Best first; the earliest among equal scores. */
  readonly best: readonly TrainedBlock[];
}

export interface NodeApi {
  readonly chainId: number;
  /** The chain's parameters (the storage rules among them). */
  readonly params: ChainParams;
  /** The chain's fee rules (docs/PROTOCOL.md 2.7), so that wallets can pick a fee. */
  readonly minFee: bigint;
  readonly accountCreationFee: bigint;
  readonly genesisHash: Uint8Array;
  /** This node's libp2p peer id: what a keeper running on it registers. */
  readonly peerId: string;
  /** What the chain's miners train for, and its threshold rule. */
  readonly problem: Problem;
  /** The problem's validation split, on which every block's score is evaluated. */
  readonly validation: Split;
  head(): BlockHeader;
  /** The state at the head: an immutable value, so a route reading several records from it sees one head. */
  state(): State;
  /** Calls `listener` with every new head; returns the unsubscribe function. */
  onHead(listener: (head: BlockHeader) => void): () => void;
  blockAt(height: number): Promise<StoredBlock | undefined>;
  blockByHash(hash: Uint8Array): Promise<StoredBlock | undefined>;
  /** The rules a block was judged by, those its header names (the genesis ones when this node has not loaded them). */
  rulesOf(header: BlockHeader): ConsensusRules;
  /** Undefined for genesis, which trains nothing. */
  architecture(header: BlockHeader): BlockArchitecture | undefined;
  /** Undefined for genesis. */
  derivation(header: BlockHeader): BlockDerivation | undefined;
  /** How long this node took to verify a block it accepted recently; undefined for others. */
  verification(hash: Uint8Array): BlockVerification | undefined;
  transaction(hash: Uint8Array): Promise<TxLocation | undefined>;
  /** The main-chain block that committed to this model root. */
  blockByModelRoot(root: Uint8Array): Promise<StoredBlock | undefined>;
  /** An address's main-chain history, newest first: at most `limit` entries older than the cursor `before`. */
  history(address: Address, limit: number, before?: Uint8Array): Promise<HistoryItem[]>;
  /** Every proposal made on the main chain, newest first, and where its transaction is. */
  proposals(): Promise<readonly ProposalPlace[]>;
  /** Every problem main-chain blocks trained: its first and last block and its `best` best ones by score. */
  trainedProblems(best: number): Promise<readonly TrainedProblem[]>;
  /** The account at the head (the empty account for an unknown address). */
  account(address: Address): Account;
  /** Every pooled transaction, in no particular order. */
  pending(): readonly Transaction[];
  submitTransaction(tx: Transaction): Promise<SubmitResult>;
  peers(): readonly PeerView[];
  syncing(): boolean;
  /** Null when the node runs no miner. */
  miner(): MinerStatus | null;
  /** Stores an uploaded object within the node's upload limits (src/node/models/uploads.ts, UploadError beyond);
   * `declared`: its length, when the client said. */
  uploadObject(source: AsyncIterable<Uint8Array>, declared?: number): Promise<{ root: Uint8Array; size: number }>;
  /** The model file whose Merkle root is `root`, or undefined when the node does not hold it. */
  modelFile(root: Uint8Array): Promise<Uint8Array | undefined>;
  metrics(): NodeMetrics;
}
