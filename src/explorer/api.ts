// The node's HTTP API as the pages use it: JSON over fetch, and the shapes of the answers they read (the node's
// OpenAPI document at /openapi.json is the full description).
import { CodedError } from '../base/coded-error.js';
import type { ThresholdParams } from '../consensus/threshold.js';
import type { Metric } from '../ml/data/dataset.js';

export interface ScoreJson {
  readonly correct: number;
  readonly total: number;
  readonly bp: number;
}

export interface HeaderJson {
  readonly hash: string;
  readonly height: number;
  readonly version: number;
  readonly parentHash: string;
  readonly timestamp: number;
  readonly txRoot: string;
  readonly stateRoot: string;
  readonly miner: string;
  readonly nonce: string;
  readonly problemId: string;
  readonly grammarId: string;
  readonly modelRoot: string;
  readonly modelSize: number;
  readonly score: ScoreJson;
}

export interface ListedHeaderJson extends HeaderJson {
  readonly txCount: number;
}

export interface TxJson {
  readonly hash: string;
  readonly from: string;
  readonly to: string;
  readonly amount: string;
  readonly fee: string;
  readonly nonce: number;
  readonly kind: string;
  readonly memo: string;
  readonly chainId: number;
  readonly sender: string;
  readonly signature: string;
}

export interface LayerJson {
  readonly summary: string;
  readonly output: string;
  readonly params: number;
}

export interface ArchitectureJson {
  readonly phenotype: string;
  readonly input: string;
  readonly classes: number;
  readonly params: number;
  readonly layers: readonly LayerJson[];
}

export interface BlockJson extends HeaderJson {
  readonly mainChain: boolean;
  readonly txs: readonly TxJson[];
  readonly architecture: ArchitectureJson | null;
  readonly thresholdBp: number | null;
  /** How long the node took to verify it; absent when it has no figure. */
  readonly verification?: { readonly ms: number; readonly samples: number; readonly received: boolean };
}

export interface DerivationJson {
  readonly workHash: string;
  readonly maxDepth: number;
  readonly rules: readonly { readonly name: string; readonly alternatives: readonly string[] }[];
  readonly steps: readonly {
    readonly rule: number;
    readonly depth: number;
    /** Indices into the rule's alternatives. */
    readonly allowed: readonly number[];
    readonly m: string | null;
    readonly reset: boolean;
    /** Index into allowed. */
    readonly chosen: number;
  }[];
  readonly phenotype: string;
}

export interface LocatedTxJson extends TxJson {
  readonly status: 'mined' | 'pending';
  readonly block: { readonly hash: string; readonly height: number; readonly index: number } | null;
}

export interface StatusJson {
  readonly chainId: number;
  readonly genesisHash: string;
  readonly height: number;
  readonly hash: string;
  readonly timestamp: number;
  readonly peers: number;
  readonly syncing: boolean;
  readonly mining: boolean;
  readonly mempool: number;
}

export interface ChainJson {
  readonly chainId: number;
  readonly genesisHash: string;
  readonly problem: {
    readonly dataset: string;
    readonly input: string;
    readonly classes: number;
    readonly metric: Metric;
    readonly threshold: ThresholdParams;
    readonly maxModelBytes: number;
  };
}

export interface MinerJson {
  readonly enabled: boolean;
  readonly candidate: {
    readonly height: number;
    readonly phenotype: string;
    readonly epoch: number;
    readonly scoreBp: number | null;
    readonly thresholdBp: number;
    readonly samplesPerSecond: number;
  } | null;
}

export interface AccountJson {
  readonly address: string;
  readonly balance: string;
  readonly nonce: number;
  readonly pending: number;
  readonly nextNonce: number;
}

export interface HistoryJson {
  readonly entries: readonly {
    readonly height: number;
    readonly blockHash: string;
    readonly kind: 'sent' | 'received' | 'mined';
    readonly tx: TxJson | null;
  }[];
  readonly next: string | null;
}

export interface ChallengeJson {
  readonly epoch: number;
  readonly segment: number;
  readonly windowEnd: number;
}

export interface KeeperJson {
  readonly address: string;
  readonly status: 'active' | 'exiting' | 'expelled';
  readonly capacity: number;
  readonly used: number;
  readonly bond: string;
  readonly peerId: string | null;
  readonly registered: number;
  readonly unbondAt: number;
  readonly proofs: number;
  readonly misses: number;
  readonly earned: string;
  readonly burnt: string;
  readonly objects: number;
}

export interface ReplicaJson {
  readonly keeper: string;
  readonly assigned: number;
  readonly strikes: number;
  readonly lastProof: number;
  readonly challenge: ChallengeJson | null;
  readonly live: boolean;
}

export interface StoredObjectJson {
  readonly root: string;
  readonly kind: 'model' | 'data';
  readonly size: number;
  readonly replication: number;
  readonly created: number;
  readonly replicas: readonly ReplicaJson[];
  readonly live: number;
  readonly waiting: boolean;
}

export interface KeeperDetailJson extends KeeperJson {
  readonly replicas: readonly (ReplicaJson & {
    readonly root: string;
    readonly kind: 'model' | 'data';
    readonly size: number;
  })[];
}

export interface StorageSummaryJson {
  readonly height: number;
  readonly epoch: { readonly epoch: number; readonly height: number; readonly windowEnd: number } | null;
  readonly objects: number;
  readonly bytes: number;
  readonly keepers: number;
  readonly underReplicated: number;
  readonly underReplicatedObjects: readonly {
    readonly root: string;
    readonly kind: 'model' | 'data';
    readonly size: number;
    readonly replication: number;
    readonly replicas: number;
    readonly live: number;
  }[];
  readonly params: { readonly replication: number; readonly epochLength: number; readonly maxStrikes: number };
}

export interface SearchJson {
  readonly kind: 'block' | 'tx' | 'proposal' | 'address';
  readonly id: string;
}

/** A refusal from the API: its {error, code} answer, or the HTTP status where the body had none. */
export class ApiFailure extends CodedError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message, message);
  }
}

export async function get<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => ({}))) as { error?: string; code?: string };
  if (!res.ok)
    throw new ApiFailure(res.status, body.code ?? `http-${res.status}`, body.error ?? `${path}: HTTP ${res.status}`);
  return body as T;
}

export type ProposalKind = 'problem' | 'grammar';

export interface GovernanceJson {
  readonly height: number;
  readonly active: {
    readonly problemId: string;
    readonly problemSince: number;
    readonly grammarId: string;
    readonly grammarSince: number;
  };
  readonly pending: readonly {
    readonly kind: ProposalKind;
    readonly proposal: string;
    readonly rulesId: string;
    readonly at: number;
  }[];
  readonly nextDecision: number;
  readonly selection: 'lottery' | 'stake-max' | 'auction';
  readonly supply: string;
  readonly quorumBp: number;
  readonly quorum: string;
  readonly params: {
    readonly minDeposit: string;
    readonly proposalLifetime: number;
    readonly decisionInterval: number;
    readonly confirmBlocks: number;
    readonly activationDelay: number;
    readonly lockUp: number;
  };
  readonly kinds: readonly {
    readonly kind: ProposalKind;
    readonly nextDecision: number;
    readonly supply: string;
    readonly quorum: string;
    readonly counted: string;
    readonly reachesQuorum: boolean;
    readonly candidates: number;
    readonly leader: string | null;
  }[];
}

export interface ProposalJson {
  readonly id: string;
  readonly kind: ProposalKind;
  readonly name: string | null;
  readonly proposer: string;
  readonly deposit: string;
  readonly created: number;
  readonly expires: number;
  readonly status: 'open' | 'selected' | 'lost' | 'expired';
  readonly support: string;
  readonly decision: number | null;
  readonly counted: string;
  readonly odds: number;
  readonly leads: boolean;
}

export interface ProposalDetailJson extends ProposalJson {
  readonly tx: string;
  readonly problem: {
    readonly dataRoot: string;
    readonly dataSize: number;
    readonly input: string;
    readonly classes: number;
    readonly metric: Metric;
    readonly threshold: ThresholdParams;
    readonly maxModelBytes: number;
  } | null;
  readonly grammar: { readonly grammarId: string; readonly fileRoot: string; readonly fileSize: number } | null;
  readonly supports: readonly {
    readonly address: string;
    readonly amount: string;
    readonly since: number;
    readonly counted: boolean;
  }[];
}

export interface ProblemJson {
  readonly id: string;
  readonly name: string | null;
  readonly genesis: boolean;
  readonly status: 'past' | 'active' | 'pending';
  readonly activeFrom: number;
  readonly activeTo: number | null;
  readonly blocks: number;
  readonly firstBlock: number | null;
  readonly lastBlock: number | null;
  readonly best: readonly { readonly height: number; readonly hash: string; readonly score: ScoreJson }[];
}
