// A running Coin.AI node: the chain (store, model files, consensus rules), the mempool, the libp2p network with the
// node's gossip verdicts and request handlers, sync, the HTTP API and, optionally, the miner and the keeper service.
// This file only wires the parts together; each concern has its folder beside it: chain (chain manager, opening and
// checking it), db (store, data directory), mempool, miner, keeper (registering, fetching, proving; whom to fetch an
// object from), models (object store, model cache, fetch, server), p2p (libp2p network), sync (block import, gossip
// verdicts, catch-up), api (HTTP API, metrics counters) and log. stop() takes them down in the reverse order.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { encodeBlock, type Block } from '../chain/block.js';
import { blockHash, encodeHeader } from '../chain/header.js';
import { encodeTransaction, type Transaction } from '../chain/transaction.js';
import { toHex } from '../codec/hex.js';
import { addressFromPublicKey, formatAddress, type Address } from '../crypto/address.js';
import type { Dataset } from '../ml/data/dataset.js';
import type { ThreadLimit } from '../ml/train/thread-limit.js';
import { NodeCounters } from './api/counters.js';
import { localNodeApi } from './api/local-node-api.js';
import type { RateLimit } from './p2p/rate-limit.js';
import { createApiServer } from './api/server.js';
import { AssumeValid } from './chain/assume-valid.js';
import { openChain, type OpenChain } from './chain/open-chain.js';
import type { ChainStore } from './db/chain-store.js';
import { configPath, ensureDataDir, readGenesisFile } from './db/datadir.js';
import { TxIndex } from './db/tx-index.js';
import { Mempool, type MempoolLimits } from './mempool/mempool.js';
import { MinerService } from './miner/miner-service.js';
import { defaultMinerCores, yieldingCores } from './miner/cores.js';
import { externalTrainer } from './miner/external-trainer.js';
import { DEFAULT_MINER_OPTIONS, type MinerOptions, type MinerPolicy } from './miner/options.js';
import { isAssigned, KeeperService } from './keeper/keeper-service.js';
import { DEFAULT_MODEL_CACHE, type KeeperOptions } from './keeper/options.js';
import { objectSources } from './keeper/sources.js';
import { ModelFetcher, ModelNotFound } from './models/model-fetch.js';
import { ModelServer } from './models/model-server.js';
import { DEFAULT_UPLOAD_LIMITS, Uploads, type UploadLimits } from './models/uploads.js';
import type { BlocksByRangeRequest } from './p2p/blocks-by-range.js';
import type { Verdict } from './p2p/gossip.js';
import { DEFAULT_LIMITS } from './p2p/limits.js';
import { Network } from './p2p/network.js';
import { BlockImporter, DEFAULT_VERIFY_QUEUE, type ModelSources } from './sync/block-import.js';
import { admitTransaction, gossipHandlers } from './sync/gossip-handlers.js';
import { HeadTip } from './sync/head-tip.js';
import { Sync } from './sync/sync.js';

export const MEMPOOL_LIMITS: MempoolLimits = { maxTxs: 10_000, maxPerSender: 64 };

/** One proposal's content fetched at a time, of any size (the proposal's own size bounds it). */
const CONTENT_FETCH_LIMITS = { concurrent: 1, perPeer: 1, bytes: Infinity, bytesPerPeer: Infinity };

export interface NodeOptions {
  readonly datadir: string;
  /** The chain config a data directory that is not initialised yet is created with. */
  readonly genesisFile: string;
  /** Where the p2p socket listens. */
  readonly host: string;
  /** Where the HTTP API listens, independently of `host`: exposing p2p does not expose the API. */
  readonly apiHost: string;
  /** Host header names the API serves besides its own address and loopback (see api/host-check.ts). */
  readonly apiAllowedHosts?: readonly string[];
  /** POST /api/tx per client (default DEFAULT_TX_RATE_LIMIT). */
  readonly apiTxRateLimit?: RateLimit;
  /** Serve the explorer on the API port (default true). */
  readonly explorer?: boolean;
  /** 0 picks free ports. */
  readonly p2pPort: number;
  readonly apiPort: number;
  /** Multiaddrs (with /p2p/<peer id>) dialled at start and whenever they drop. */
  readonly bootstrap: readonly string[];
  /** Threads that evaluate blocks' models, off the event loop (default 1; 0 evaluates on it, for comparison). */
  readonly verifyThreads?: number;
  /** Assume-valid (chain/assume-valid.ts): this block's ancestors skip evaluation; null: none, whatever the chain
   * config's default; absent: the config's. */
  readonly assumeValid?: Uint8Array | null;
  /** Mine, paying the rewards to `address`. */
  readonly miner?: NodeMinerOptions;
  /** Bytes of model files kept beyond those the node's keeper is assigned (default DEFAULT_MODEL_CACHE; 0: none). */
  readonly modelCacheBytes?: number;
  /** What POST /api/objects may hold (default DEFAULT_UPLOAD_LIMITS). */
  readonly uploadLimits?: UploadLimits;
  /** Store objects for the chain (src/node/keeper/). */
  readonly keeper?: KeeperOptions;
  readonly log: Logger;
}

export interface NodeMinerOptions {
  readonly address: Address;
  /** More addresses it may be paid at on a nonce-free chain (MinerOptions.rewardAddresses). */
  readonly rewardAddresses?: readonly Address[];
  /** Training threads (default: the cores less the verification threads, miner/cores.ts). */
  readonly cores?: number;
  readonly timeBudgetSeconds?: number;
  readonly policy?: MinerPolicy;
  /** Candidates per round of the search policy. */
  readonly candidates?: number;
  /** An external trainer's command (docs/TRAINERS.md), run in <datadir>/trainer, its stderr logged. */
  readonly trainer?: string;
}

export interface RunningNode {
  readonly peerId: string;
  /** Where peers reach it: multiaddrs with /p2p/<peer id>. */
  readonly addresses: readonly string[];
  readonly apiUrl: string;
  stop(): Promise<void>;
}

const clock = () => Math.floor(Date.now() / 1000);

export async function startNode(o: NodeOptions): Promise<RunningNode> {
  const { log } = o;
  if (await ensureDataDir(o.datadir, o.genesisFile))
    log.info({ datadir: o.datadir, genesis: o.genesisFile }, 'data directory initialised');
  const config = await readGenesisFile(configPath(o.datadir));
  const mempool = new Mempool(config.params, MEMPOOL_LIMITS);
  const keeperAddress = o.keeper && addressFromPublicKey(o.keeper.key.publicKey);
  const counters = new NodeCounters();
  const assumed = o.assumeValid === undefined ? config.assumeValid : (o.assumeValid ?? undefined);
  const verifyThreads = o.verifyThreads ?? DEFAULT_VERIFY_THREADS;
  const cores = o.miner && yieldingCores(o.miner.cores ?? defaultMinerCores(verifyThreads), verifyThreads);
  const opened = await openChain(
    o.datadir,
    mempool,
    {
      threads: verifyThreads,
      onEvaluated: (samples) => counters.evaluated(samples),
      ...(cores && {
        onVerifying: (busy: boolean) => {
          cores.verifying(busy);
          log.debug({ threads: cores.limit.threads }, busy ? 'miner yields cores to verification' : 'miner trains on');
        },
      }),
      ...(assumed && { assumeValid: new AssumeValid(assumed, log.child({ part: 'chain' })) }),
    },
    {
      cacheBytes: o.modelCacheBytes ?? DEFAULT_MODEL_CACHE,
      wanted: (state, root) => keeperAddress !== undefined && isAssigned(state, root, keeperAddress),
    },
  );
  try {
    // Before anything imports a block: the index may have to catch up with the chain first.
    const txIndex = await TxIndex.open(opened.chain.store);
    return await compose(o, opened, mempool, counters, txIndex, cores?.limit);
  } catch (err) {
    await opened.stopEvaluating();
    await opened.chain.store.close();
    throw err;
  }
}

/** One: on the 2-core machines a node is sized for, the other core serves the event loop (p2p, API, miner). */
export const DEFAULT_VERIFY_THREADS = 1;

async function compose(
  o: NodeOptions,
  opened: OpenChain,
  mempool: Mempool,
  counters: NodeCounters,
  txIndex: TxIndex,
  threadLimit: ThreadLimit | undefined,
): Promise<RunningNode> {
  const { log } = o;
  const { chain, dataset } = opened;
  const { store } = chain;
  const tip = await HeadTip.follow(chain);
  const models = new ModelServer(chain.models);
  const data = new ModelServer(opened.data);
  // Fetches for the API, beside the importer's own (each under its caps).
  const fetcher = new ModelFetcher(() => network!);
  const sources: ModelSources = (header, sender) => objectSources(store.state, header.modelRoot, net, [sender]);

  // The network calls these handlers as soon as it starts, so what they use is bound late.
  let network: Network | undefined;
  let sync: Sync | undefined;
  const importer = new BlockImporter(
    chain,
    () => network!,
    counters,
    clock,
    log.child({ part: 'import' }),
    {
      ...DEFAULT_VERIFY_QUEUE,
      // In-process (0 threads) still verifies one gossiped block at a time.
      verifying: Math.max(1, o.verifyThreads ?? DEFAULT_VERIFY_THREADS),
    },
    sources,
  );
  const gossip = gossipHandlers({
    chain,
    mempool,
    importer,
    network: () => network!,
    catchUp: (peer) => sync?.catchUp(peer),
    log,
  });
  network = await Network.create({
    dataDir: o.datadir,
    host: o.host,
    port: o.p2pPort,
    bootstrap: o.bootstrap,
    chainId: chain.rules.params.chainId,
    genesisHash: blockHash((await store.blockAt(0))!.header),
    head: () => tip.current,
    handlers: {
      gossip,
      blocksByRange: (request) => mainChain(store, request, encodeBlock),
      headersByRange: (request) => mainChain(store, request, (block) => encodeHeader(block.header)),
      chunk: async (request) => (await models.chunk(request)) ?? data.chunk(request),
      pooledTransactions: ({ max }) => mempool.transactions().slice(0, max).map(encodeTransaction),
    },
    log: log.child({ part: 'p2p' }),
  });
  const net = network;
  net.events.on('peer:banned', (peer, reason) => log.warn({ peer, reason }, 'peer banned'));
  // Proposals' content (a data pack may be far larger than a model), from the object's keepers first.
  const contentFetcher = new ModelFetcher(() => net, CONTENT_FETCH_LIMITS);
  chain.registry.setSource((root, size) =>
    contentFetcher
      .fetchFromAny(objectSources(store.state, root, net), { modelRoot: root, modelSize: size }, size)
      .catch((err) => {
        log.info({ root: toHex(root), err }, 'proposal content not fetched yet');
        return undefined;
      }),
  );
  // Transactions gossiped before this peer and we shared a mesh would otherwise never reach us: once per connection,
  // after its first handshake, take its pool.
  const pulled = new Set<string>();
  net.events.on('peer:disconnected', (peer) => pulled.delete(peer));
  net.events.on('peer:status', (peer) => {
    if (pulled.has(peer)) return;
    pulled.add(peer);
    void pullPooledTransactions(net, peer, (tx) => admitTransaction({ chain, mempool }, tx), log);
  });
  sync = new Sync(chain, tip, net, importer, DEFAULT_LIMITS, clock, log.child({ part: 'sync' }));
  sync.start();
  const syncing = () => sync.syncing;

  const minerLog = log.child({ part: 'miner' });
  const miner =
    o.miner &&
    new MinerService(
      chain,
      dataset,
      await minerOptions(o.miner, threadLimit!, dataset, o.datadir, minerLog),
      mempool,
      net,
      counters,
      syncing,
      minerLog,
    );
  const announce = (tx: Transaction) =>
    void net
      .publish('transactions', encodeTransaction(tx))
      .catch((err) => log.warn({ err }, 'announcing a transaction failed'));
  /** A model file this node does not keep, from the network: its block (by the index) gives its size. */
  const fetchModel = async (root: Uint8Array): Promise<Uint8Array | undefined> => {
    const hash = await txIndex.blockOfModel(root);
    const block = hash && (await store.blockByHash(hash));
    if (!block) return undefined;
    const peers = objectSources(store.state, root, net);
    return fetcher
      .fetchFromAny(peers, block.header, block.header.modelSize) // a stored block's header was checked
      .catch((err) => (err instanceof ModelNotFound ? undefined : Promise.reject(err)));
  };
  // Uploads join the data store, which the chunk handler serves (a keeper fetches a proposal's file from here).
  const uploads = await Uploads.open(
    opened.data,
    join(o.datadir, 'uploads.json'),
    o.uploadLimits ?? DEFAULT_UPLOAD_LIMITS,
    chain.rules.params.maxReorgDepth,
    () => ({ height: chain.head.height, state: store.state }),
  );
  const stopUploads = chain.onHead(
    () =>
      void uploads
        .onHead({ height: chain.head.height, state: store.state })
        .catch((err) => log.error({ err }, 'uploads: head failed')),
  );
  const api = await createApiServer(
    await localNodeApi(store, txIndex, mempool, chain.rules, {
      registry: chain.registry,
      peerId: net.peerId,
      onHead: (listener) => chain.onHead(listener),
      peers: () =>
        net.peers().map((p) => ({
          id: p.id,
          address: p.address,
          direction: p.direction,
          height: p.status?.head.height ?? null,
          score: p.score,
        })),
      syncing,
      miner: () => miner?.status() ?? null,
      modelFile: async (root) => (await chain.models.get(root)) ?? fetchModel(root),
      uploadObject: (source, declared) => uploads.put(source, declared),
      metrics: () => counters.snapshot(),
      verification: (hash) => chain.verification(hash),
      announce,
    }),
    {
      host: o.apiHost,
      port: o.apiPort,
      ...(o.apiAllowedHosts && { allowedHosts: o.apiAllowedHosts }),
      ...(o.apiTxRateLimit && { rateLimit: o.apiTxRateLimit }),
      ...(o.explorer === false && { explorer: false }),
    },
  ).catch(async (err) => {
    stopUploads();
    await sync.stop();
    await net.stop();
    throw err;
  });
  const keeper =
    o.keeper &&
    new KeeperService(
      { chain, data: opened.data, mempool, network: net, counters, announce, log: log.child({ part: 'keeper' }) },
      o.keeper,
    );
  miner?.start();
  keeper?.start();
  log.info(
    {
      peerId: net.peerId,
      addresses: net.addresses,
      api: api.url,
      height: chain.head.height,
      mining: !!miner,
      keeper: keeper && formatAddress(keeper.address),
      assumeValid: chain.assumeValid ? toHex(chain.assumeValid.hash) : null,
    },
    'node started',
  );

  return {
    peerId: net.peerId,
    addresses: net.addresses,
    apiUrl: api.url,
    async stop() {
      await miner?.stop();
      await keeper?.stop();
      stopUploads();
      importer.stop();
      await api.close();
      await sync.stop();
      await net.stop();
      await opened.stopEvaluating();
      await store.close();
      log.info('node stopped');
    },
  };
}

/** What `coinai mine` would mine with, on the node's cores (the limit it yields verification through). */
async function minerOptions(
  m: NodeMinerOptions,
  threadLimit: ThreadLimit,
  dataset: Dataset,
  datadir: string,
  log: Logger,
): Promise<Omit<MinerOptions, 'log'>> {
  const workDir = join(datadir, 'trainer');
  if (m.trainer) await mkdir(workDir, { recursive: true });
  return {
    ...DEFAULT_MINER_OPTIONS,
    miner: m.address,
    rewardAddresses: m.rewardAddresses ?? [],
    workers: threadLimit.threads,
    threadLimit,
    timeBudgetSeconds: m.timeBudgetSeconds ?? DEFAULT_MINER_OPTIONS.timeBudgetSeconds,
    policy: m.policy ?? DEFAULT_MINER_OPTIONS.policy,
    search: { ...DEFAULT_MINER_OPTIONS.search, candidates: m.candidates ?? DEFAULT_MINER_OPTIONS.search.candidates },
    ...(m.trainer && {
      trainer: externalTrainer({
        command: m.trainer,
        workDir,
        data: dataset,
        cores: threadLimit.threads,
        onStderr: (line) => log.info({ line }, 'trainer'),
      }),
    }),
    clock,
  };
}

async function pullPooledTransactions(
  net: Network,
  peer: string,
  admit: (tx: Uint8Array) => Verdict,
  log: Logger,
): Promise<void> {
  try {
    const txs = await net.requestPooledTransactions(peer);
    const verdicts = txs.map(admit);
    log.debug(
      { peer, received: txs.length, accepted: verdicts.filter((v) => v === 'accept').length },
      'pooled transactions',
    );
  } catch (err) {
    log.info({ peer, err }, 'pooled transactions request failed');
  }
}

/** Main-chain blocks (or their headers) from `from`, read one at a time as the response is sent, ending early
 * where the chain ends (or where the network stops the response at its byte limit). */
async function* mainChain(
  store: ChainStore,
  { from, count }: BlocksByRangeRequest,
  encode: (block: Block) => Uint8Array,
): AsyncGenerator<Uint8Array> {
  for (let height = from; height < from + count; height++) {
    const block = await store.blockAt(height);
    if (!block) return;
    yield encode(block);
  }
}
