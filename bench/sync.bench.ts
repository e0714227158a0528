// Sync speed of a fresh node over loopback: a source node holding a chain of mined blocks (the dev chain's MNIST
// problem, each block carrying signed transfers), a fresh node bootstrapping from it and catching up through
// blocks-by-range and model chunks, verifying every block in full. Then the same blocks are taken apart to show
// where a block's verification time goes: the model's exact re-evaluation, the transaction signatures, and storage
// with the state transition; the rest is the network (blocks, model chunks) and the node's own work.
// Then the same sync with assume-valid at the source's head (every check but the evaluation), and the same sync
// under a verification flood: attackers with ever new peer ids gossip bogus blocks to the syncing node throughout
// (syncUnderFlood).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { DEV_GENESIS } from '../src/cli/commands/init.js';
import type { Block } from '../src/chain/block.js';
import { genesisConfigToJson, type GenesisConfig } from '../src/consensus/genesis-config.js';
import { leastFee } from '../src/chain/tx-rules.js';
import { signTransaction, verifyTransactionSignature } from '../src/chain/tx-signing.js';
import { addressFromPublicKey } from '../src/crypto/address.js';
import { fromHex } from '../src/codec/hex.js';
import { sha3_256 } from '../src/crypto/hash.js';
import { publicKeyFromSeed } from '../src/crypto/keys.js';
import { decodeModel } from '../src/ml/model/codec.js';
import { paramsDigest } from '../src/consensus/params-digest.js';
import { evaluateSplit } from '../src/ml/eval/evaluate.js';
import type { StatusJson } from '../src/node/api/routes/status.js';
import { openChain } from '../src/node/chain/open-chain.js';
import { ChainStore } from '../src/node/db/chain-store.js';
import { initDataDir, readGenesisFile } from '../src/node/db/datadir.js';
import { Mempool } from '../src/node/mempool/mempool.js';
import { Miner } from '../src/node/miner/miner.js';
import { DEFAULT_MINER_OPTIONS } from '../src/node/miner/options.js';
import { loadRules } from '../src/node/chain/load-rules.js';
import { MEMPOOL_LIMITS, startNode, type NodeOptions } from '../src/node/node.js';
import { bogusBlocks, Flooder } from '../test/helpers/flood.js';
import { table, type BenchSection } from './report.js';

const BLOCKS = 10;
const TXS_PER_BLOCK = 50;
const THRESHOLD_BP = 5000;

const seed = sha3_256(new TextEncoder().encode('coinai sync bench'));
const sender = publicKeyFromSeed(seed);

export async function bench(): Promise<BenchSection> {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-bench-sync-'));
  try {
    const dev = await readGenesisFile(DEV_GENESIS);
    // The threshold stays at 50%, so each block needs one epoch of training: the chain is built quickly, even on a
    // loaded machine (a block's verification costs the same whatever its score: the whole split is evaluated).
    const config: GenesisConfig = {
      ...dev,
      alloc: [{ address: addressFromPublicKey(sender), balance: 10n ** 15n }],
      problem: {
        ...dev.problem,
        threshold: { ...dev.problem.threshold, startBp: THRESHOLD_BP, floorBp: THRESHOLD_BP },
      },
    };
    const source = join(dir, 'source');
    await mineChain(source, config);
    const genesisFile = join(dir, 'genesis.json');
    await writeFile(genesisFile, JSON.stringify(genesisConfigToJson(config)));

    const log = pino({ level: 'silent' });
    const common = { genesisFile, host: '127.0.0.1', apiHost: '127.0.0.1', p2pPort: 0, apiPort: 0, log };
    const a = await startNode({ ...common, datadir: source, bootstrap: [] });
    const head = fromHex('hash', (await status(a.apiUrl)).hash, 32);
    const syncSeconds = await timedSync({ ...common, datadir: join(dir, 'fresh'), bootstrap: a.addresses });
    const assumedSeconds = await timedSync({
      ...common,
      datadir: join(dir, 'assumed'),
      bootstrap: a.addresses,
      assumeValid: head,
    });
    const flooded = await syncUnderFlood({ ...common, datadir: join(dir, 'flooded'), bootstrap: a.addresses }, config);
    await a.stop();

    const parts = await breakdown(join(dir, 'fresh'), config, join(dir, 'replay'));
    return {
      title: 'Sync (loopback)',
      body: [
        report(syncSeconds, parts),
        assumeValidReport(syncSeconds, assumedSeconds),
        floodReport(syncSeconds, flooded),
      ].join('\n\n'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Seconds from a fresh node's start to its holding the source's BLOCKS blocks. */
async function timedSync(fresh: NodeOptions): Promise<number> {
  const started = performance.now();
  const node = await startNode(fresh);
  while ((await status(node.apiUrl)).height < BLOCKS) await sleep(20);
  const seconds = (performance.now() - started) / 1000;
  await node.stop();
  return seconds;
}

function assumeValidReport(full: number, assumed: number): string {
  return [
    table(
      ['same chain', 'seconds', 'blocks/s'],
      [
        ['every block evaluated', full.toFixed(2), (BLOCKS / full).toFixed(2)],
        ['--assume-valid <the head>', assumed.toFixed(2), (BLOCKS / assumed).toFixed(2)],
      ],
    ),
    '',
    `The same ${BLOCKS} blocks synced by a second fresh node told to assume valid the source's head: every check ` +
      'runs but the model re-evaluation (PROTOCOL.md 5.4, assume-valid), the models still fetched and checked ' +
      `against their roots. ${(full / assumed).toFixed(1)}x the blocks per second. Load average (1 min) at the ` +
      `end: ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores.`,
  ].join('\n');
}

/** Concurrent flood loops, each gossiping FLOOD_BLOCKS bogus blocks from a fresh peer id, then the next. */
const FLOODERS = 2;
const FLOOD_BLOCKS = 5;

interface Flooded {
  readonly seconds: number;
  readonly senders: number;
  /** Attackers the syncing node never took into its blocks mesh. */
  readonly unmeshed: number;
  readonly evaluations: number;
  readonly samples: number;
}

/**
 * Syncs a fresh node (`fresh`, bootstrapping from the source) while FLOODERS loops each start an attacking peer, gossip bogus
 * blocks at the threshold to the syncing node (the costliest lie to refuse), wait for the ban and start the next.
 */
async function syncUnderFlood(fresh: NodeOptions, config: GenesisConfig): Promise<Flooded> {
  const { rules } = loadRules(config);
  const started = performance.now();
  const b = await startNode(fresh);
  let flooding = true;
  let senders = 0;
  let unmeshed = 0;
  let nonce = 1n << 32n;
  const loop = async () => {
    while (flooding) {
      const blocks = bogusBlocks(config, rules, {
        count: FLOOD_BLOCKS,
        firstNonce: (nonce += BigInt(FLOOD_BLOCKS)),
        timestamp: Math.floor(Date.now() / 1000) - 1,
        claim: 'threshold',
      });
      const f = await Flooder.start(config, b.addresses, b.peerId, blocks).catch(() => undefined);
      if (!f) {
        // The syncing node did not take this attacker into its mesh in time: counted, and the loop moves on.
        unmeshed++;
        continue;
      }
      const banned = new Promise((resolve) =>
        f.network.events.on('peer:disconnected', (p) => p === b.peerId && resolve(p)),
      );
      await f.flood();
      senders++;
      await Promise.race([banned, sleep(10_000)]);
      await f.stop();
    }
  };
  const floods = Array.from({ length: FLOODERS }, loop);
  while ((await status(b.apiUrl)).height < BLOCKS) await sleep(20);
  const seconds = (performance.now() - started) / 1000;
  const text = await (await fetch(`${b.apiUrl}/metrics`)).text();
  const metric = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)![1]);
  flooding = false;
  await Promise.all(floods);
  await b.stop();
  return {
    seconds,
    senders,
    unmeshed,
    evaluations: metric('coinai_evaluations_total') - BLOCKS,
    samples: metric('coinai_samples_evaluated_total') - BLOCKS * rules.validation.count,
  };
}

function floodReport(quiet: number, f: Flooded): string {
  return [
    table(
      ['sync', 'seconds', 'blocks/s', 'attacking peers', 'bogus blocks evaluated', 'their samples'],
      [
        ['without a flood', quiet.toFixed(2), (BLOCKS / quiet).toFixed(2), 0, 0, 0],
        [
          'under a flood',
          f.seconds.toFixed(2),
          (BLOCKS / f.seconds).toFixed(2),
          `${f.senders} (${f.unmeshed} never meshed)`,
          f.evaluations,
          f.samples,
        ],
      ],
    ),
    '',
    `The same sync from the same source, while ${FLOODERS} attackers in turn take a fresh peer id, join the syncing ` +
      `node's mesh and gossip ${FLOOD_BLOCKS} bogus blocks at once (random weights, a new model each, claiming ` +
      'exactly the threshold: the lie that takes the most samples to refuse); each is banned on its first block ' +
      'and its others are dropped unevaluated. Sync blocks wait behind at most one gossiped evaluation.',
  ].join('\n');
}

async function status(api: string): Promise<StatusJson> {
  return (await fetch(`${api}/api/status`)).json() as Promise<StatusJson>;
}

/** Mines BLOCKS blocks, each with TXS_PER_BLOCK transfers from the bench's funded key. */
async function mineChain(datadir: string, config: GenesisConfig): Promise<void> {
  await (await initDataDir(datadir, config)).store.close();
  const mempool = new Mempool(config.params, MEMPOOL_LIMITS);
  const { chain, dataset } = await openChain(datadir, mempool);
  // One candidate at a time: the quickest way to the blocks (how they were mined does not change their verification).
  const miner = new Miner(
    chain,
    dataset,
    { ...DEFAULT_MINER_OPTIONS, miner: new Uint8Array(20), policy: 'single' },
    mempool,
  );
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
        mempool.add(tx, chain.store.state, chain.head.height + 1);
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
  const digests: Uint8Array[] = [];
  for (const block of blocks) {
    const model = decodeModel((await chain.models.get(block.header.modelRoot))!);
    digests.push(paramsDigest(model));
    evaluation += await timed(() => evaluateSplit(model, chain.rules.validation));
  }
  const signatures = await timed(() => blocks.every((b) => b.txs.every(verifyTransactionSignature)));
  await chain.store.close();
  // Storage with the state transition; applyBlock checks signatures again, so they are taken off.
  const store = await ChainStore.create(replay, config);
  const storage =
    (await timed(async () => {
      for (const [i, block] of blocks.entries()) await store.importBlock(block, digests[i]);
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
      `per block; the threshold held at ${THRESHOLD_BP / 100}%, so that the blocks are mined fast) ` +
      "from one peer over TCP on 127.0.0.1, both nodes in one process, from the fresh node's start (its " +
      'store opened and data set loaded, counted in "the rest") to the same head; every block verified in full. The ' +
      'parts are measured again on the synced blocks, one at a time. Gossip latency between nodes: the network section.',
  ].join('\n');
}
