// Sync speed of a fresh node over loopback: a source node holding a chain of mined blocks (the dev chain's MNIST
// problem, each block carrying signed transfers), a fresh node bootstrapping from it and catching up through
// blocks-by-range and model chunks, verifying every block in full. Then the same blocks are taken apart to show
// where a block's verification time goes: the model's exact re-evaluation, the transaction signatures, and storage
// with the state transition; the rest is the network (blocks, model chunks) and the node's own work.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { DEV_GENESIS } from '../src/cli/commands/init.js';
import type { Block } from '../src/chain/block.js';
import { genesisConfigToJson, type GenesisConfig } from '../src/consensus/genesis-config.js';
import { leastFee } from '../src/chain/tx-rules.js';
import { signTransaction, verifyTransactionSignature } from '../src/chain/tx-signing.js';
import { addressFromPublicKey } from '../src/crypto/address.js';
import { sha3_256 } from '../src/crypto/hash.js';
import { publicKeyFromSeed } from '../src/crypto/keys.js';
import { decodeModel } from '../src/ml/model/codec.js';
import { evaluateSplit } from '../src/ml/eval/evaluate.js';
import type { StatusJson } from '../src/node/api/routes/status.js';
import { openChain } from '../src/node/chain/open-chain.js';
import { ChainStore } from '../src/node/db/chain-store.js';
import { initDataDir, readGenesisFile } from '../src/node/db/datadir.js';
import { Mempool } from '../src/node/mempool/mempool.js';
import { Miner } from '../src/node/miner/miner.js';
import { DEFAULT_MINER_OPTIONS } from '../src/node/miner/options.js';
import { MEMPOOL_LIMITS, startNode } from '../src/node/node.js';
import { table, type BenchSection } from './report.js';

const BLOCKS = 10;
const TXS_PER_BLOCK = 50;

const seed = sha3_256(new TextEncoder().encode('coinai sync bench'));
const sender = publicKeyFromSeed(seed);

export async function bench(): Promise<BenchSection> {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-bench-sync-'));
  try {
    const dev = await readGenesisFile(DEV_GENESIS);
    // The threshold stays at the floor, so each block needs one short training run: the chain is built quickly.
    const config: GenesisConfig = {
      ...dev,
      alloc: [{ address: addressFromPublicKey(sender), balance: 10n ** 15n }],
      problem: { ...dev.problem, threshold: { ...dev.problem.threshold, startBp: dev.problem.threshold.floorBp } },
    };
    const source = join(dir, 'source');
    await mineChain(source, config);
    const genesisFile = join(dir, 'genesis.json');
    await writeFile(genesisFile, JSON.stringify(genesisConfigToJson(config)));

    const log = pino({ level: 'silent' });
    const common = { genesisFile, host: '127.0.0.1', apiHost: '127.0.0.1', p2pPort: 0, apiPort: 0, log };
    const a = await startNode({ ...common, datadir: source, bootstrap: [] });
    const started = performance.now();
    const b = await startNode({ ...common, datadir: join(dir, 'fresh'), bootstrap: a.addresses });
    while ((await status(b.apiUrl)).height < BLOCKS) await sleep(20);
    const syncSeconds = (performance.now() - started) / 1000;
    await b.stop();
    await a.stop();

    const parts = await breakdown(join(dir, 'fresh'), config, join(dir, 'replay'));
    return { title: 'Sync (loopback)', body: report(syncSeconds, parts) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function status(api: string): Promise<StatusJson> {
  return (await fetch(`${api}/api/status`)).json() as Promise<StatusJson>;
}

/** Mines BLOCKS blocks, each with TXS_PER_BLOCK transfers from the bench's funded key. */
async function mineChain(datadir: string, config: GenesisConfig): Promise<void> {
  await (await initDataDir(datadir, config)).store.close();
  const mempool = new Mempool(config.params, MEMPOOL_LIMITS);
  const { chain, dataset } = await openChain(datadir, mempool);
  const miner = new Miner(chain, dataset, { ...DEFAULT_MINER_OPTIONS, miner: new Uint8Array(20) }, mempool);
  try {
    for (let height = 1, nonce = 0; height <= BLOCKS; height++) {
      for (let i = 0; i < TXS_PER_BLOCK; i++, nonce++) {
        const recipient = new Uint8Array(20).fill(i);
        const tx = signTransaction(
          {
            chainId: config.params.chainId,
            sender,
            nonce,
            recipient,
            amount: 1n,
            // The first block's transfers create their recipients' accounts.
            fee: leastFee(config.params, chain.store.state.account(recipient), 1n),
            payload: { kind: 'transfer', memo: new Uint8Array() },
          },
          seed,
        );
        mempool.add(tx, chain.store.state);
      }
      await miner.mineBlock();
    }
  } finally {
    await chain.store.close();
  }
}

interface Breakdown {
  readonly evaluation: number;
  readonly signatures: number;
  readonly storage: number;
}

/** Seconds spent on each part of verification, summed over the synced chain's blocks. */
async function breakdown(synced: string, config: GenesisConfig, replay: string): Promise<Breakdown> {
  const { chain } = await openChain(synced);
  const blocks: Block[] = [];
  for (let h = 1; h <= chain.head.height; h++) blocks.push((await chain.store.blockAt(h))!);
  const timed = async (fn: () => unknown) => {
    const t = performance.now();
    await fn();
    return (performance.now() - t) / 1000;
  };
  let evaluation = 0;
  for (const block of blocks) {
    const file = (await chain.models.get(block.header.modelRoot))!;
    evaluation += await timed(() => evaluateSplit(decodeModel(file), chain.rules.validation));
  }
  const signatures = await timed(() => blocks.every((b) => b.txs.every(verifyTransactionSignature)));
  await chain.store.close();
  // Storage with the state transition; applyBlock checks signatures again, so they are taken off.
  const store = await ChainStore.create(replay, config);
  const storage =
    (await timed(async () => {
      for (const block of blocks) await store.importBlock(block);
    })) - signatures;
  await store.close();
  return { evaluation, signatures, storage };
}

function report(seconds: number, parts: Breakdown): string {
  const ms = (s: number) => ((1000 * s) / BLOCKS).toFixed(1);
  const other = seconds - parts.evaluation - parts.signatures - parts.storage;
  const share = (s: number) => `${((100 * s) / seconds).toFixed(0)}%`;
  return [
    table(['blocks', 'seconds', 'blocks/s'], [[BLOCKS, seconds.toFixed(2), (BLOCKS / seconds).toFixed(2)]]),
    '',
    table(
      ['where the time goes', 'ms per block', 'share'],
      [
        ['model re-evaluation (exact, validation split)', ms(parts.evaluation), share(parts.evaluation)],
        [`transaction signatures (${TXS_PER_BLOCK} per block)`, ms(parts.signatures), share(parts.signatures)],
        ['storage and state transition (LevelDB)', ms(parts.storage), share(parts.storage)],
        ['network (blocks, model chunks) and the rest', ms(other), share(other)],
      ],
    ),
    '',
    `A fresh node syncing ${BLOCKS} blocks of the dev chain (bundled digits, default grammar; ${TXS_PER_BLOCK} transfers ` +
      "per block) from one peer over TCP on 127.0.0.1, both nodes in one process, from the fresh node's start (its " +
      'store opened and data set loaded, counted in "the rest") to the same head; every block verified in full. The ' +
      'parts are measured again on the synced blocks, one at a time. Gossip latency between nodes: the network section.',
  ].join('\n');
}
