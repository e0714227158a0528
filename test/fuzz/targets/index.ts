// Every fuzz target, one per decoder; `npm run fuzz -- --list` prints them.
import type { Target } from '../harness.js';
import { accountTarget } from './account.js';
import { blockMetaTarget } from './block-meta.js';
import { blockTarget } from './block.js';
import { blocksByRangeTarget } from './blocks-by-range.js';
import { chunkRequestTarget } from './chunk-request.js';
import { dataPackTarget } from './data-pack.js';
import { datasetCsvTarget } from './dataset-csv.js';
import { datasetIdxTarget } from './dataset-idx.js';
import { framingTarget } from './framing.js';
import { genesisConfigTarget } from './genesis-config.js';
import { gossipTransactionTarget } from './gossip-transaction.js';
import { grammarTarget } from './grammar.js';
import { gzipTarget } from './gzip.js';
import { headerTarget } from './header.js';
import { manifestTarget } from './manifest.js';
import { modelChunkTarget } from './model-chunk.js';
import { modelTarget } from './model.js';
import { pooledTxsTarget } from './pooled-txs.js';
import { statusTarget } from './status.js';
import { epochTarget, keeperTarget, storedObjectTarget } from './storage-records.js';
import { transactionTarget } from './transaction.js';
import { undoTarget } from './undo.js';

export const TARGETS: readonly Target<any>[] = [
  // chain objects: gossip, sync responses, the chain store
  transactionTarget,
  blockTarget,
  headerTarget,
  accountTarget,
  undoTarget,
  blockMetaTarget,
  keeperTarget,
  storedObjectTarget,
  epochTarget,
  // network messages
  statusTarget,
  blocksByRangeTarget,
  pooledTxsTarget,
  chunkRequestTarget,
  modelChunkTarget,
  framingTarget,
  gossipTransactionTarget,
  // files
  modelTarget,
  grammarTarget,
  genesisConfigTarget,
  manifestTarget,
  datasetCsvTarget,
  datasetIdxTarget,
  dataPackTarget,
  gzipTarget,
];

export function targetNamed(name: string): Target<any> {
  const t = TARGETS.find((x) => x.name === name);
  if (!t) throw new Error(`unknown fuzz target ${name}: one of ${TARGETS.map((x) => x.name).join(', ')}`);
  return t;
}
