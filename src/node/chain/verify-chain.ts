// Re-verifies the stored main chain from genesis: every block's state transition and full proof-of-useful-work
// check, the model re-evaluated, the chain-wide model uniqueness included (it is part of the state transition),
// each block by the rules its parent's state names (those the registry has loaded, or loads at an activation).
import { bytesEqual } from '../../codec/hex.js';
import type { GenesisConfig } from '../../consensus/genesis-config.js';
import { genesisBlock, genesisState } from '../../consensus/genesis.js';
import { blockHash } from '../../chain/header.js';
import type { ConsensusRules } from '../../consensus/rules.js';
import { MEDIAN_TIME_SPAN } from '../../consensus/timestamp-rules.js';
import { verifyBlock, type Evaluate } from '../../consensus/verify-block.js';
import type { ChainStore } from '../db/chain-store.js';
import { StoreError } from '../db/errors.js';
import type { ObjectStore } from '../models/object-store.js';
import { RulesRegistry } from './rules-registry.js';

export interface ChainVerification {
  readonly blocks: number;
  /** Seconds spent verifying each block, from height 1. */
  readonly blockSeconds: readonly number[];
}

export async function verifyChain(
  config: GenesisConfig,
  store: ChainStore,
  models: Pick<ObjectStore, 'get'>,
  /** The genesis rules, and their problem's evaluator (the registry gives the others'). */
  rules: ConsensusRules,
  evaluate: Evaluate,
  now: number,
  registry = new RulesRegistry(rules.params, rules),
): Promise<ChainVerification> {
  let parent = genesisBlock(config).header;
  if (!bytesEqual(blockHash(parent), blockHash((await store.blockAt(0))!.header))) {
    throw new StoreError('genesis-mismatch', "the stored genesis block is not the config's");
  }
  let state = genesisState(config);
  const timestamps = [parent.timestamp];
  const blockSeconds: number[] = [];
  for (let height = 1; height <= store.head.height; height++) {
    const block = await store.blockAt(height);
    if (!block) throw new StoreError('corrupt', `no main-chain block at height ${height}`);
    const start = performance.now();
    const blockRules = registry.rulesFor(state);
    const verified = await verifyBlock(
      blockRules,
      block,
      {
        parent,
        parentState: state,
        activations: await registry.verdicts(state, height, (h) => store.blockAt(h)),
        recentTimestamps: timestamps.slice(-MEDIAN_TIME_SPAN),
        now,
        modelFile: await models.get(block.header.modelRoot),
      },
      bytesEqual(blockRules.problemId, rules.problemId) ? evaluate : registry.evaluator(blockRules.problemId),
    ).catch((err: Error) => Promise.reject(Object.assign(err, { message: `block ${height}: ${err.message}` })));
    blockSeconds.push((performance.now() - start) / 1000);
    state = verified.execution!.state;
    parent = block.header;
    timestamps.push(parent.timestamp);
  }
  return { blocks: store.head.height, blockSeconds };
}
