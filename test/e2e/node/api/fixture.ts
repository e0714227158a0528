// A running API over a real ChainStore (LevelDB in a temp dir) and Mempool: genesis, two blocks (the first with a
// model), one pending transaction; peers, miner, model files and counters from plain objects. Each block names the
// problem active in its parent's state. KEEPERS are funded to register as keepers (test params: minBond 1000, E = 4,
// D = 3, K = 2).
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '../../../../src/codec/hex.js';
import { buildBlock, type BlockDraft } from '../../../../src/chain/build-block.js';
import { activeRules } from '../../../../src/chain/governance/active.js';
import type { BlockHeader } from '../../../../src/chain/header.js';
import type { Block } from '../../../../src/chain/block.js';
import type { GenesisConfig } from '../../../../src/consensus/genesis-config.js';
import type { Transaction } from '../../../../src/chain/transaction.js';
import { problemId, type Problem } from '../../../../src/consensus/problem.js';
import type { ConsensusRules } from '../../../../src/consensus/rules.js';
import { loadGrammar } from '../../../../src/io/grammar-file.js';
import { modelRoot } from '../../../../src/ml/model/root.js';
import { localNodeApi, type NodeExtras } from '../../../../src/node/api/local-node-api.js';
import type { BlockVerification, NodeApi } from '../../../../src/node/api/node-api.js';
import { createApiServer, type ApiServerOptions } from '../../../../src/node/api/server.js';
import { ChainStore } from '../../../../src/node/db/chain-store.js';
import { TxIndex } from '../../../../src/node/db/tx-index.js';
import { Mempool } from '../../../../src/node/mempool/mempool.js';
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import { DEFAULT_UPLOAD_LIMITS, Uploads, type UploadLimits } from '../../../../src/node/models/uploads.js';
import {
  alice,
  bob,
  genesisConfig,
  miner,
  params,
  problem,
  testKey,
  transfer,
} from '../../../helpers/chain/fixtures.js';

export interface ApiFixture {
  readonly url: string;
  readonly node: NodeApi;
  readonly blocks: readonly Block[];
  readonly pending: Transaction;
  /** The model file of block 1, 2 chunks long. */
  readonly model: Uint8Array;
  /** Model files the node serves, by root (hex); a test may add a wrong one. */
  readonly models: Map<string, Uint8Array>;
  readonly announced: Transaction[];
  /** Verification times the node reports, by block hash (hex); a test may add one. */
  readonly verifications: Map<string, BlockVerification>;
  /** Where POST /api/objects stores (a real ObjectStore in the temp dir), and its tracker. */
  readonly data: ObjectStore;
  readonly uploads: Uploads;
  /** Mines a block of `txs` on the head (10 s after it) and tells the API's head listeners and the uploads, as the
   * node does. */
  extend(txs: readonly Transaction[]): Promise<Block>;
  close(): Promise<void>;
}

/** The node's own peer id (a real Ed25519 one). */
export const PEER_ID = '12D3KooWComo8gDQWFBH9Z1ytQ277gicz77ibUJLueVT5oK6ycRR';

/** Accounts funded for a keeper's bond and fees. */
export const KEEPERS = [testKey(60), testKey(61), testKey(62)];

const mnist: Problem = { ...problem, input: { kind: 'image', h: 28, w: 28, c: 1 }, classes: 10 };
const config: GenesisConfig = {
  ...genesisConfig,
  problem: mnist,
  alloc: [...genesisConfig.alloc, ...KEEPERS.map((k) => ({ address: k.address, balance: 100_000n }))],
};

function consensusRules(): ConsensusRules {
  const { id, grammar } = loadGrammar();
  const validation = { x: new Float32Array(), y: new Uint8Array(), count: 0 };
  return { params, problem: mnist, problemId: problemId(mnist), grammar, grammarId: id, validation };
}

const extras = (
  uploads: Uploads,
  models: Map<string, Uint8Array>,
  announced: Transaction[],
  heads: Set<(head: BlockHeader) => void>,
  verifications: Map<string, BlockVerification>,
): NodeExtras => ({
  peerId: PEER_ID,
  onHead: (listener) => {
    heads.add(listener);
    return () => heads.delete(listener);
  },
  peers: () => [
    { id: '12D3KooWPeer', address: '/ip4/127.0.0.1/tcp/4001', direction: 'outbound', height: 2, score: -3 },
  ],
  syncing: () => false,
  miner: () => ({
    enabled: true,
    candidate: { height: 3, phenotype: 'conv 8', epoch: 2, scoreBp: 9100, thresholdBp: 9500, samplesPerSecond: 1234.5 },
    search: [
      {
        nonce: '18446744073709551615',
        phenotype: 'conv 8',
        params: 1000,
        rung: 1,
        validationBp: 9100,
        predictedBp: 9700,
        state: 'kept',
        reason: null,
      },
      {
        nonce: '7',
        phenotype: 'dense 4',
        params: 50,
        rung: 0,
        validationBp: 5000,
        predictedBp: 8000,
        state: 'dropped',
        reason: 'halving',
      },
    ],
  }),
  modelFile: async (root) => models.get(toHex(root)),
  uploadObject: (source, declared) => uploads.put(source, declared),
  metrics: () => ({
    blocksVerified: 2,
    verificationSeconds: 1.5,
    evaluations: 3,
    samplesEvaluated: 4070,
    blocksDropped: 5,
    trainingSamplesPerSecond: 1234.5,
    keeperObjects: 3,
    keeperBytes: 12345,
    proofsSent: 4,
    proofsAccepted: 2,
    keeperStrikes: 1,
    keeperFetchBytes: 65536,
  }),
  verification: (hash) => verifications.get(toHex(hash)),
  announce: (tx) => announced.push(tx),
});

/** `options` are the server's (a rate limit, a clock, allowed hosts); it listens on 127.0.0.1, a free port. */
export async function startApi(
  options: Omit<ApiServerOptions, 'port'> = {},
  uploadLimits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
): Promise<ApiFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-api-'));
  const store = await ChainStore.create(join(dir, 'chain'), config);
  const txIndex = await TxIndex.open(store);
  const heads = new Set<(head: BlockHeader) => void>();
  const data = new ObjectStore(join(dir, 'data'));
  const head = () => ({ height: store.head.height, state: store.state });
  const uploads = await Uploads.open(data, join(dir, 'uploads.json'), uploadLimits, params.maxReorgDepth, head);
  const extend = async (draft: Pick<BlockDraft, 'txs' | 'work'>) => {
    const timestamp = store.head.timestamp + 10;
    // Each block names the problem its parent's state has active, as a valid one does.
    const work = { problemId: activeRules(store.state).problemId, ...draft.work };
    const { block } = buildBlock(params, store.state, store.head, { ...draft, work, miner: miner.address, timestamp });
    await store.importBlock(block);
    for (const listener of heads) listener(block.header);
    await uploads.onHead(head());
    return block;
  };
  const model = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) % 251);
  const work = { nonce: 7n, modelRoot: modelRoot(model), modelSize: model.length, score: { correct: 95, total: 100 } };
  const blocks: Block[] = [];
  const drafts = [
    { txs: [transfer(alice, bob.address, 100n, 1n, 0)], work },
    { txs: [transfer(bob, alice.address, 5n, 1n, 0)] },
  ];
  for (const draft of drafts) blocks.push(await extend(draft));
  const mempool = new Mempool(params, { maxTxs: 100, maxPerSender: 16 });
  const pending = transfer(alice, bob.address, 7n, 2n, 1);
  mempool.add(pending, store.state, store.head.height + 1);
  const models = new Map([[toHex(work.modelRoot), model]]);
  const announced: Transaction[] = [];
  const verifications = new Map<string, BlockVerification>();
  const node = await localNodeApi(
    store,
    txIndex,
    mempool,
    consensusRules(),
    extras(uploads, models, announced, heads, verifications),
  );
  const server = await createApiServer(node, { ...options, port: 0 });
  return {
    url: server.url,
    node,
    blocks,
    pending,
    model,
    models,
    announced,
    verifications,
    data,
    uploads,
    extend: (txs) => extend({ txs }),
    async close() {
      await server.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A request's status and parsed JSON body. */
export async function call(url: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const res = await fetch(url, init);
  return { status: res.status, body: await res.json() };
}

export const postJson = (url: string, body: unknown) =>
  call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: any;
}

/** A request through node:http, which (unlike fetch) sends whatever Host header it is told to: what a browser
 * on a rebinding page, or a hand-written client, sends. */
export function rawRequest(
  url: string,
  o: { method?: string; host?: string; headers?: Record<string, string>; body?: string | Uint8Array } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: o.method ?? 'GET', headers: { ...(o.host !== undefined && { host: o.host }), ...o.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: kept as text
          }
          resolve({ status: res.statusCode!, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}
