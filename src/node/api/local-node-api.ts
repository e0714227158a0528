// The NodeApi a node answers from its own ChainStore, Mempool and consensus rules; the network, the miner, the
// model files and the counters come from the parts of the node that own them.
import { bytesEqual, toHex } from '../../codec/hex.js';
import type { Block } from '../../chain/block.js';
import { blockHash } from '../../chain/header.js';
import type { Transaction } from '../../chain/transaction.js';
import { txHash } from '../../chain/tx-signing.js';
import { deriveArchitecture } from '../../consensus/derive-architecture.js';
import type { ConsensusRules } from '../../consensus/rules.js';
import type { ChainStore } from '../db/chain-store.js';
import { StoreError } from '../db/errors.js';
import { MempoolError } from '../mempool/errors.js';
import type { Mempool } from '../mempool/mempool.js';
import type { NodeApi, StoredBlock } from './node-api.js';
import { TxIndex } from './tx-index.js';

export type NodeExtras = Pick<NodeApi, 'peers' | 'syncing' | 'miner' | 'modelFile' | 'metrics'> & {
  /** Called with each transaction the API admitted to the mempool, to gossip it. */
  readonly announce?: (tx: Transaction) => void;
};

export async function localNodeApi(
  store: ChainStore,
  mempool: Mempool,
  rules: ConsensusRules,
  extras: NodeExtras,
): Promise<NodeApi> {
  const genesis = await store.blockAt(0);
  if (!genesis) throw new StoreError('corrupt', 'the chain has no genesis block');
  const txIndex = new TxIndex(store);
  const { announce, peers, syncing, miner, modelFile, metrics } = extras;

  async function stored(block: Block | undefined): Promise<StoredBlock | undefined> {
    if (!block) return undefined;
    const hash = blockHash(block.header);
    const atHeight = await store.blockAt(block.header.height);
    return { block, hash, mainChain: atHeight !== undefined && bytesEqual(blockHash(atHeight.header), hash) };
  }

  return {
    chainId: rules.params.chainId,
    minFee: rules.params.minFee,
    accountCreationFee: rules.params.accountCreationFee,
    genesisHash: blockHash(genesis.header),
    head: () => store.head,
    blockAt: async (height) => stored(await store.blockAt(height)),
    blockByHash: async (hash) => stored(await store.blockByHash(hash)),
    architecture: (header) => (header.height === 0 ? undefined : deriveArchitecture(rules, header)),
    async transaction(hash) {
      const pooled = mempool.get(toHex(hash));
      if (pooled) return { status: 'pending', tx: pooled };
      const place = await txIndex.find(hash);
      if (!place) return undefined;
      const { block, blockHash, index } = place;
      return { status: 'mined', tx: block.txs[index], blockHash, height: block.header.height, index };
    },
    account: (address) => store.state.account(address),
    pending: () => mempool.transactions(),
    async submitTransaction(tx) {
      try {
        mempool.add(tx, store.state);
      } catch (err) {
        if (err instanceof MempoolError) return { accepted: false, code: err.code, message: err.message };
        throw err;
      }
      announce?.(tx);
      return { accepted: true, hash: txHash(tx) };
    },
    peers,
    syncing,
    miner,
    modelFile,
    metrics,
  };
}
