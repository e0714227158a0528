// Assembles a valid block on a parent from chosen transactions: executes them to fill in the state root.
// Used by the miner (which then fills in the proof-of-useful-work fields), genesis tooling and tests.
import type { Address } from '../crypto/address.js';
import { txRoot, type Block } from './block.js';
import { blockHash, CURRENT_BLOCK_VERSION, type BlockHeader } from './header.js';
import { blockInput } from './apply-block.js';
import { executeBlock, type Execution } from './execute.js';
import { NO_ACTIVATIONS, type Activations } from './governance/decision.js';
import type { ChainParams } from './params.js';
import type { State } from './state.js';
import type { Transaction } from './transaction.js';

export interface BlockDraft {
  readonly miner: Address;
  readonly timestamp: number;
  readonly txs: readonly Transaction[];
  /** Proof-of-useful-work and nonce fields; zero when omitted. */
  readonly work?: Partial<Pick<BlockHeader, 'nonce' | 'problemId' | 'grammarId' | 'modelRoot' | 'modelSize' | 'score'>>;
  /** paramsDigest of the block's model: it joins the state (and so the state root); omitted without a model. */
  readonly modelDigest?: Uint8Array;
  /** The verdicts on the proposals activating at its height; none given, such a block throws UnknownRulesError. */
  readonly activations?: Activations;
}

export interface BuiltBlock extends Execution {
  readonly block: Block;
}

const ZERO_HASH = new Uint8Array(32);

export function buildBlock(params: ChainParams, state: State, parent: BlockHeader, draft: BlockDraft): BuiltBlock {
  const unrooted: BlockHeader = {
    version: CURRENT_BLOCK_VERSION,
    height: parent.height + 1,
    parentHash: blockHash(parent),
    timestamp: draft.timestamp,
    txRoot: txRoot(draft.txs),
    stateRoot: ZERO_HASH,
    miner: draft.miner,
    nonce: 0n,
    problemId: ZERO_HASH,
    grammarId: ZERO_HASH,
    modelRoot: ZERO_HASH,
    modelSize: 0,
    score: { correct: 0, total: 0 },
    ...draft.work,
  };
  const execution = executeBlock(
    params,
    state,
    blockInput(params, unrooted),
    draft.txs,
    draft.activations ?? NO_ACTIVATIONS,
    draft.modelDigest,
  );
  const header = { ...unrooted, stateRoot: execution.state.root() };
  return { ...execution, block: { header, txs: draft.txs } };
}
