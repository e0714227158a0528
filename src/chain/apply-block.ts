// The pure state transition of a whole block: (params, state, block) -> (new state, undo) or a BlockError.
// The header's link to its parent is checked separately (header-rules.ts).
import { bytesEqual, toHex } from '../codec/hex.js';
import { txRoot, type Block } from './block.js';
import { BlockError } from './errors.js';
import { executeBlock, type BlockInput, type Execution } from './execute.js';
import type { Activations } from './governance/decision.js';
import type { BlockHeader } from './header.js';
import type { ChainParams } from './params.js';
import type { State } from './state.js';
import { headerWorkHash } from './work-hash.js';

/** The checks of a block's body that need no state: the transaction count and the transaction root. */
export function checkBlockBody(params: ChainParams, block: Block): void {
  const { header, txs } = block;
  if (txs.length > params.maxTxPerBlock) {
    throw new BlockError('too-many-transactions', `${txs.length} transactions, the limit is ${params.maxTxPerBlock}`);
  }
  if (!bytesEqual(header.txRoot, txRoot(txs)))
    throw new BlockError('tx-root-mismatch', 'txRoot does not match the transactions');
}

/** What executeBlock reads of a header: its height, miner, model root and size, and its work hash as the seed. */
export function blockInput(params: ChainParams, header: BlockHeader): BlockInput {
  return { ...header, seed: headerWorkHash(params, header) };
}

/** `activations`: the verdicts on the proposals activating at its height; `modelDigest`: see executeBlock. */
export function applyBlock(
  params: ChainParams,
  state: State,
  block: Block,
  activations: Activations,
  modelDigest?: Uint8Array,
): Execution {
  const { header, txs } = block;
  checkBlockBody(params, block);
  const result = executeBlock(params, state, blockInput(params, header), txs, activations, modelDigest);
  const root = result.state.root();
  if (!bytesEqual(header.stateRoot, root)) {
    throw new BlockError(
      'state-root-mismatch',
      `header says ${toHex(header.stateRoot)}, execution gives ${toHex(root)}`,
    );
  }
  return result;
}
