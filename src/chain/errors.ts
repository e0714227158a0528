// Why a block or transaction is invalid. Every consensus check fails with one of these codes, never half-applied.
import { CodedError } from '../base/coded-error.js';

export type BlockErrorCode =
  | 'bad-version'
  | 'bad-height'
  | 'bad-parent'
  | 'bad-timestamp'
  | 'too-many-transactions'
  | 'tx-root-mismatch'
  | 'state-root-mismatch'
  | 'duplicate-model'
  /** The block's model root is already a stored object of the chain. */
  | 'duplicate-object'
  | 'checkpoint-mismatch'
  /** A header on a nonce-free chain (ChainParams.nonceFree) whose nonce is not 0. */
  | 'nonce-not-zero'
  | TxErrorCode
  | WorkErrorCode;

/** Proof-of-useful-work rejections (src/consensus/verify-block.ts), in the order they are checked. */
export type WorkErrorCode =
  | 'wrong-problem'
  | 'wrong-grammar'
  | 'timestamp-not-after-median'
  | 'timestamp-from-the-future'
  | 'timestamp-far-future'
  /** The claim is not out of the evaluation's total (the validation split's size, or 10^6 for macro-F1). */
  | 'wrong-score-total'
  | 'score-below-threshold'
  | 'model-too-large'
  /** The header's modelSize is not the size of a model file holding the derived architecture. */
  | 'wrong-model-size'
  | 'model-missing'
  | 'model-size-mismatch'
  | 'model-root-mismatch'
  | 'model-undecodable'
  | 'wrong-architecture'
  | 'score-mismatch'
  /** Refused by the chain manager (head-relative, not properties of the block): the branch forks too deep, */
  | 'reorg-too-deep'
  /** it could not outweigh the head within maxReorgDepth blocks of its fork point, */
  | 'branch-too-light'
  /** or its parent already has as many stored children as the node keeps. */
  | 'too-many-siblings';

export type TxErrorCode =
  | 'wrong-chain-id'
  /** The fee is below the chain's minFee. */
  | 'fee-below-minimum'
  | 'bad-signature'
  | 'bad-nonce'
  | 'insufficient-balance'
  /** The transfer creates its recipient's account and its fee does not cover minFee + accountCreationFee. */
  | 'account-creation-unpaid'
  | 'balance-overflow'
  // Proof of storage (docs/PROTOCOL.md, "Proof of storage"). Stateless:
  /** A kind other than transfer carries an amount, */
  | 'amount-not-zero'
  /** or a recipient other than the zero address. */
  | 'recipient-not-zero'
  /** A keeper-register offers no capacity, */
  | 'zero-capacity'
  /** or bonds less than minBond, */
  | 'bond-below-minimum'
  /** or announces an empty peer id. */
  | 'bad-peer-id'
  // Against the state:
  /** keeper-register from a keeper that is active or exiting. */
  | 'already-keeper'
  /** keeper-exit or storage-proof from an address that is not an active keeper. */
  | 'not-a-keeper'
  /** storage-proof for an object the sender holds no replica of. */
  | 'no-replica'
  /** storage-proof naming another epoch than the current one (or before the first). */
  | 'wrong-epoch'
  /** storage-proof in a block outside its epoch's window (challenge height < h ≤ challenge height + D). */
  | 'outside-window'
  /** storage-proof for a replica assigned at or after the challenge block. */
  | 'not-challenged'
  /** A second storage-proof of one replica in one epoch. */
  | 'already-proven'
  /** storage-proof of another segment than the challenged one. */
  | 'wrong-segment'
  /** storage-proof whose segment is not as long as that segment of the object. */
  | 'wrong-segment-length'
  // Governance (docs/PROTOCOL.md, "Governance"). Stateless:
  /** A proposal deposits less than minDeposit, */
  | 'deposit-below-minimum'
  /** or proposes an unusable problem or grammar (an empty name or file, a zero dimension, a bad threshold), */
  | 'bad-proposal'
  /** or a support locks nothing. */
  | 'zero-support'
  // Against the state:
  /** A proposal whose id (its payload's hash) the chain already has. */
  | 'duplicate-proposal'
  /** support of a proposal the chain does not have. */
  | 'unknown-proposal'
  /** support of a proposal that is decided or past its lifetime. */
  | 'proposal-closed'
  /** withdraw from a proposal the sender does not support, */
  | 'no-support'
  /** or that is still open. */
  | 'proposal-open';

export class BlockError extends CodedError<BlockErrorCode> {
  constructor(
    code: BlockErrorCode,
    detail: string,
    /** Index of the offending transaction in the block, when one is to blame. */
    readonly txIndex?: number,
  ) {
    super(code, detail, `${code}: ${txIndex === undefined ? '' : `transaction ${txIndex}: `}${detail}`);
  }
}
