// The NodeApi a node answers from its own ChainStore, Mempool and consensus rules; the network, the miner, the
// model files and the counters come from the parts of the node that own them.
import { bytesEqual, toHex } from '../../codec/hex.js';
import type { Block } from '../../chain/block.js';
import { blockHash, type BlockHeader } from '../../chain/header.js';
import type { Transaction } from '../../chain/transaction.js';
import { txHash } from '../../chain/tx-signing.js';
import { deriveArchitecture } from '../../consensus/derive-architecture.js';
import type { ConsensusRules } from '../../consensus/rules.js';
import { headerWorkHash } from '../../chain/work-hash.js';
import { deriveTrace } from '../../grammar/derive.js';
import type { RulesRegistry } from '../chain/rules-registry.js';
import type { ChainStore } from '../db/chain-store.js';
import { StoreError } from '../db/errors.js';
import type { TxIndex } from '../db/tx-index.js';
import { MempoolError } from '../mempool/errors.js';
import type { Mempool } from '../mempool/mempool.js';
import type { HistoryItem, NodeApi, StoredBlock } from './node-api.js';

export type NodeExtras = Pick<
  NodeApi,
  'peerId' | 'onHead' | 'peers' | 'syncing' | 'miner' | 'modelFile' | 'uploadObject' | 'metrics' | 'verification'
> & {
  /** Called with each transaction the API admitted to the mempool, to gossip it. */
  readonly announce?: (tx: Transaction) => void;
  /** The rules the node has loaded beyond the genesis ones (a block is shown by those its header names). */
  readonly registry?: RulesRegistry;
};

export async function localNodeApi(
  store: ChainStore,
  txIndex: TxIndex,
  mempool: Mempool,
  rules: ConsensusRules,
  extras: NodeExtras,
): Promise<NodeApi> {
  const genesis = await store.blockAt(0);
  if (!genesis) throw new StoreError('corrupt', 'the chain has no genesis block');
  const { announce, peerId, onHead, peers, syncing, miner, modelFile, uploadObject, metrics, verification, registry } =
    extras;
  const rulesOf = (header: BlockHeader) => registry?.rulesNamed(header.problemId, header.grammarId) ?? rules;

  async function stored(block: Block | undefined): Promise<StoredBlock | undefined> {
    if (!block) return undefined;
    const hash = blockHash(block.header);
    const atHeight = await store.blockAt(block.header.height);
    return { block, hash, mainChain: atHeight !== undefined && bytesEqual(blockHash(atHeight.header), hash) };
  }

  async function mined(hash: Uint8Array) {
    const place = await txIndex.find(hash);
    const tx = place && (await store.blockByHash(place.blockHash))?.txs[place.index];
    return tx && { tx, ...place };
  }

  return {
    chainId: rules.params.chainId,
    params: rules.params,
    minFee: rules.params.minFee,
    accountCreationFee: rules.params.accountCreationFee,
    genesisHash: blockHash(genesis.header),
    peerId,
    problem: rules.problem,
    validation: rules.validation,
    head: () => store.head,
    state: () => store.state,
    onHead,
    blockAt: async (height) => stored(await store.blockAt(height)),
    blockByHash: async (hash) => stored(await store.blockByHash(hash)),
    rulesOf,
    architecture: (header) => (header.height === 0 ? undefined : deriveArchitecture(rulesOf(header), header)),
    derivation(header) {
      if (header.height === 0) return undefined;
      const { grammar, params } = rulesOf(header);
      const hash = headerWorkHash(params, header);
      return { workHash: hash, grammar, ...deriveTrace(grammar, hash) };
    },
    verification,
    async transaction(hash) {
      const pooled = mempool.get(toHex(hash));
      if (pooled) return { status: 'pending', tx: pooled };
      const found = await mined(hash);
      return found && { status: 'mined', ...found };
    },
    async blockByModelRoot(root) {
      const hash = await txIndex.blockOfModel(root);
      return hash && stored(await store.blockByHash(hash));
    },
    async history(address, limit, before) {
      const items: HistoryItem[] = [];
      for (const { height, role, hash, cursor } of await txIndex.history(address, limit, before)) {
        if (role === 'mined') {
          items.push({ height, role, blockHash: hash, cursor });
          continue;
        }
        // The head may have moved between the two reads: an entry whose transaction is gone is left out.
        const found = await mined(hash);
        if (found) items.push({ height, role, blockHash: found.blockHash, tx: found.tx, cursor });
      }
      return items;
    },
    proposals: () => txIndex.proposals(),
    async trainedProblems(best) {
      const out = [];
      for (const id of await txIndex.trainedProblems()) {
        const span = await txIndex.problemSpan(id);
        if (span) out.push({ id, ...span, best: await txIndex.bestBlocks(id, best) });
      }
      return out;
    },
    account: (address) => store.state.account(address),
    pending: () => mempool.transactions(),
    async submitTransaction(tx) {
      try {
        mempool.add(tx, store.state, store.head.height + 1);
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
    uploadObject,
    metrics,
  };
}
