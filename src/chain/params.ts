// The chain parameters a genesis config fixes for the life of a chain.
export interface ChainParams {
  /** Signed into every transaction so that it cannot be replayed on another chain. */
  readonly chainId: number;
  /** N: the most transactions one block may carry. */
  readonly maxTxPerBlock: number;
  /** Reward of the blocks before the first halving, in the smallest unit. */
  readonly initialReward: bigint;
  /** The reward halves every this many blocks. */
  readonly halvingInterval: number;
  /** The least fee a transaction may pay (≥ 1: no transaction is free), in the smallest unit. */
  readonly minFee: bigint;
  /**
   * What a transfer that creates an account (its recipient had none) pays on top of `minFee`: the fee must cover
   * both, and this part is burnt rather than paid to the miner, so a miner cannot create accounts for free.
   */
  readonly accountCreationFee: bigint;
  /**
   * Finality: a node refuses a block whose branch leaves its main chain more than this many blocks below the head
   * (`reorg-too-deep`), so history deeper than this is never rewritten, however heavy a rival branch claims to be.
   */
  readonly maxReorgDepth: number;
  /** Optional checkpoints: the block at each height must be the one of this hash (`checkpoint-mismatch`). */
  readonly checkpoints: readonly Checkpoint[];
  /**
   * The paper's nonce-free mode (section IX): the work hash has no nonce, every header's nonce is 0
   * (`nonce-not-zero`), and miners vary the transaction set, its order and their reward address instead.
   */
  readonly nonceFree: boolean;
  /** Proof of storage (docs/PROTOCOL.md, "Proof of storage"). */
  readonly storage: StorageParams;
  /** Governance (docs/PROTOCOL.md, "Governance"). */
  readonly governance: GovernanceParams;
}

/** How the winner among the proposals of one kind is chosen at a decision height. */
export const SELECTIONS = ['lottery', 'stake-max', 'auction'] as const;
export type Selection = (typeof SELECTIONS)[number];

/** Governance: what a proposal costs, how long it lives, and when and how one is decided and activated. */
export interface GovernanceParams {
  /** The least deposit of a proposal (≥ 1), locked from the proposer's balance. */
  readonly minDeposit: bigint;
  /** X: a proposal not selected within this many blocks of its creation expires. */
  readonly proposalLifetime: number;
  /** P: decisions are taken at the heights that are multiples of P. */
  readonly decisionInterval: number;
  /** The support a kind's proposals need together, in basis points of the supply. */
  readonly quorumBp: number;
  /** C: support counts at a decision only once locked for at least this many blocks. */
  readonly confirmBlocks: number;
  /** A: a winner becomes active this many blocks after its decision. */
  readonly activationDelay: number;
  /** The least number of blocks a problem or grammar stays active before another may be decided. */
  readonly lockUp: number;
  readonly selection: Selection;
}

/** Proof of storage: how many keepers hold each object, how they are challenged, paid and penalised. */
export interface StorageParams {
  /** R: replicas of each block's model object (1..255). */
  readonly replication: number;
  /** R_data > R: replicas of each data-set file (..255). */
  readonly dataReplication: number;
  /** E: blocks per challenge epoch; epoch e's challenge block is e·E. */
  readonly epochLength: number;
  /** D (1 ≤ D ≤ E): blocks after the challenge block in which its proofs are accepted. */
  readonly challengeWindow: number;
  /** K: missed proofs in a row that drop an assignment (1..255). */
  readonly maxStrikes: number;
  /** The least bond of a keeper-register. */
  readonly minBond: bigint;
  /** Blocks from keeper-exit until the bond is paid back. */
  readonly unbondingDelay: number;
  /** New issuance paid to a keeper per valid proof (> minFee, so that proving pays). */
  readonly proofReward: bigint;
  /** Burnt from the bond per missed proof. */
  readonly missPenalty: bigint;
  /** Burnt from the bond when K strikes drop an assignment. */
  readonly dropPenalty: bigint;
}

export interface Checkpoint {
  readonly height: number;
  readonly hash: Uint8Array;
}

/** Hard limits of the encoding itself, whatever the chain parameters say. */
export const MAX_CHAIN_ID = 0xffff_ffff;
export const MAX_TX_PER_BLOCK_LIMIT = 65_535;
/** Amounts, fees and balances are integers below 2^128. */
export const AMOUNT_BITS = 128;
export const MAX_AMOUNT = (1n << BigInt(AMOUNT_BITS)) - 1n;
/** Nonces, heights, timestamps and sizes are integers up to 2^53-1. */
export const MAX_UINT = Number.MAX_SAFE_INTEGER;
