// The state transition of a block body: the block's model digest must be new to the chain (duplicate-model), then
// every transaction in order (its stateless rules, the sender's nonce and balance, its kind's rules against the
// state, then its effect), then the reward and the fees (less what account creations burn) to the miner, the digest
// joins the state, and the storage and governance passes of the block's end (storage/maintenance.ts,
// governance/decision.ts). Works on a ledger of
// changed records, so a failure leaves the input state untouched; the undo record holds the prior value of every
// record the block changed.
import { toHex } from '../codec/hex.js';
import { addressFromPublicKey, type Address } from '../crypto/address.js';
import { BlockError } from './errors.js';
import { Ledger, type Execution } from './ledger.js';
import { modelRecord } from './models.js';
import type { ChainParams } from './params.js';
import { blockReward } from './reward.js';
import type { State } from './state.js';
import { endBlockGovernance, type Activations } from './governance/decision.js';
import { endBlockStorage } from './storage/maintenance.js';
import type { Transaction } from './transaction.js';
import { accountTxRejection, applyTx, stateTxRejection, statelessTxRejection, txCost } from './tx-rules.js';

export type { Execution } from './ledger.js';

/** What the state transition reads of a block beside its transactions. */
export interface BlockInput {
  readonly height: number;
  readonly miner: Address;
  /** The model file's segment root and size; a size of 0 means no model (ledger tools and tests). */
  readonly modelRoot: Uint8Array;
  readonly modelSize: number;
  /** The block's work hash (work-hash.ts): the randomness of its placements and, at a challenge block, its epoch. */
  readonly seed: Uint8Array;
}

export function executeBlock(
  params: ChainParams,
  state: State,
  block: BlockInput,
  txs: readonly Transaction[],
  /** The verdicts on the proposals that activate at this height (governance/decision.ts). */
  activations: Activations,
  /**
   * paramsDigest of the block's model (src/consensus/params-digest.ts). Every block after genesis carries one;
   * only ledger-level tools and tests, which have no model, leave it out.
   */
  modelDigest?: Uint8Array,
): Execution {
  if (modelDigest && state.hasModel(modelDigest)) {
    throw new BlockError(
      'duplicate-model',
      `the weights ${toHex(modelDigest)} are already those of a block of this chain`,
    );
  }
  const { height } = block;
  const ledger = new Ledger(state);
  const leaving = new Map<string, Address>();
  let fees = 0n;
  txs.forEach((tx, txIndex) => {
    const sender = addressFromPublicKey(tx.sender);
    const senderAccount = ledger.account(sender);
    const rejection = statelessTxRejection(params, tx) ?? accountTxRejection(senderAccount, tx);
    if (rejection) throw new BlockError(rejection.code, rejection.detail, txIndex);
    ledger.setAccount(sender, { balance: senderAccount.balance - txCost(tx), nonce: senderAccount.nonce + 1 });
    const refused = stateTxRejection(params, ledger, tx, height);
    if (refused) throw new BlockError(refused.code, refused.detail, txIndex);
    fees += tx.fee - applyTx({ params, state: ledger, ledger, height, sender, txIndex, leaving }, tx);
  });
  ledger.credit(block.miner, blockReward(params, height) + fees);
  if (modelDigest) ledger.set(modelRecord(modelDigest));
  const model = block.modelSize > 0 ? { root: block.modelRoot, size: block.modelSize } : undefined;
  endBlockStorage(params.storage, ledger, { height, seed: block.seed, model, leaving });
  endBlockGovernance(params, ledger, height, block.seed, activations);
  return ledger.finish();
}
