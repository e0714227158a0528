// The state root after a block that touches ~100 accounts, at 10k / 100k / 1M accounts: the sparse Merkle tree's
// incremental root (src/chain/state.ts) against the full recompute it replaced (kept here only, as the reference:
// copy the account map, sort every address, Merkle root over all of them, as coinai-state-v1 did each block). Also
// the cost of building the tree from scratch, the heap it holds, and ChainStore.open() (which rebuilds the tree
// from the stored records and checks its root against the head's). Times are CPU seconds of this process.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { accountRecord, encodeAccount, type Account } from '../src/chain/account.js';
import { State } from '../src/chain/state.js';
import { concatBytes } from '../src/codec/bytes.js';
import { toHex, hexBytes } from '../src/codec/hex.js';
import { sha3_256 } from '../src/crypto/hash.js';
import { merkleRoot } from '../src/crypto/merkle.js';
import type { GenesisConfig } from '../src/consensus/genesis-config.js';
import { ChainStore } from '../src/node/db/chain-store.js';
import { genesisConfig } from '../test/helpers/chain/fixtures.js';
import { table, type Bench } from './report.js';

const SIZES = [10_000, 100_000, 1_000_000];
/** The old full recompute takes seconds a block beyond this (3.6 s at 300k before this change): not re-run. */
const OLD_UP_TO = 100_000;
/** ChainStore.open() is measured up to this size (1M would write a 1M-account genesis to LevelDB first). */
const OPEN_UP_TO = 100_000;
const TOUCHED = 100;
const BLOCKS = 5;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function address(i: number): Uint8Array {
  return sha3_256(Uint8Array.of(i >>> 24, i >>> 16, i >>> 8, i)).slice(0, 20);
}

/** CPU seconds of this process (user + system): the machine is shared, and wall time would count the others. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function seconds(fn: () => unknown): number {
  const start = cpuSeconds();
  fn();
  return cpuSeconds() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (s: number) => `${(s * 1000).toFixed(s < 0.01 ? 2 : 1)} ms`;

/** Block b's changes: half of them existing accounts (credited), half new ones. */
function blockChanges(n: number, b: number): [Uint8Array, Account][] {
  return Array.from({ length: TOUCHED }, (_, j) =>
    j % 2 === 0
      ? [address((b * 7919 + j * 104_729) % n), { balance: 10n ** 9n + BigInt(j), nonce: 1 }]
      : [address(n + b * TOUCHED + j), { balance: 5n, nonce: 0 }],
  );
}

/** The coinai-state-v1 root, recomputed in full: copy, update, sort, Merkle root over every account. */
function oldRoot(accounts: ReadonlyMap<string, Account>, changes: [Uint8Array, Account][]): Uint8Array {
  const next = new Map(accounts);
  for (const [a, acc] of changes) next.set(toHex(a), acc);
  const leaves = [...next.keys()].sort().map((k) => concatBytes([hexBytes(k), encodeAccount(next.get(k)!)]));
  return sha3_256(new TextEncoder().encode('coinai-state-v1'), merkleRoot(leaves), merkleRoot([]));
}

async function openSeconds(n: number, accounts: [Uint8Array, Account][]): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-bench-state-'));
  try {
    const config: GenesisConfig = {
      ...genesisConfig,
      alloc: accounts.map(([a, acc]) => ({ address: a, balance: acc.balance })),
    };
    await (await ChainStore.create(dir, config)).close();
    const start = cpuSeconds();
    const store = await ChainStore.open(dir, config);
    const s = cpuSeconds() - start;
    if (store.state.size !== n) throw new Error('the reopened state lost accounts');
    await store.close();
    return s;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const bench: Bench = async () => {
  const rows: string[][] = [];
  for (const n of SIZES) {
    const accounts: [Uint8Array, Account][] = Array.from({ length: n }, (_, i) => [
      address(i),
      { balance: BigInt(i + 1), nonce: 0 },
    ]);
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    let state = State.empty;
    const build = seconds(() => {
      state = State.fromRecords(accounts.map(([a, acc]) => accountRecord(a, acc)));
      state.root();
    });
    gc();
    const heap = process.memoryUsage().heapUsed - heapBefore;
    const incremental = median(
      Array.from({ length: BLOCKS }, (_, b) => {
        const changes = blockChanges(n, b).map(([a, acc]) => accountRecord(a, acc));
        return seconds(() => state.update(changes).root());
      }),
    );
    let old = '(not run)';
    if (n <= OLD_UP_TO) {
      const map = new Map(accounts.map(([a, acc]) => [toHex(a), acc]));
      old = ms(median(Array.from({ length: 3 }, (_, b) => seconds(() => oldRoot(map, blockChanges(n, b))))));
    }
    const open = n <= OPEN_UP_TO ? ms(await openSeconds(n, accounts)) : '(not run)';
    rows.push([
      n.toLocaleString('en'),
      ms(incremental),
      old,
      ms(build),
      `${Math.round(heap / 2 ** 20)} MiB (${Math.round(heap / n)} B/account)`,
      open,
    ]);
    process.stdout.write(`${rows[rows.length - 1].join(' | ')}\n`);
  }
  return {
    title: 'State root',
    body:
      table(
        [
          'accounts',
          `root after a block of ${TOUCHED} changes (tree)`,
          'full recompute (coinai-state-v1)',
          'tree build (State.fromRecords) + first root',
          'tree heap',
          'ChainStore.open()',
        ],
        rows,
      ) +
      `\n\nEach block changes ${TOUCHED} accounts (half existing, half new); the tree's time is State.update plus ` +
      `root() on the state of that size (median of ${BLOCKS} blocks), the full recompute's the same block under ` +
      `the old rule (copy the account map, sort every address, Merkle root over all; median of 3); the old rule is ` +
      `not run beyond ${OLD_UP_TO.toLocaleString('en')} accounts (seconds a block). The heap is measured after a ` +
      `forced GC, the tree only. ChainStore.open() reads every record from LevelDB, rebuilds the tree and checks ` +
      `its root (not run beyond ${OPEN_UP_TO.toLocaleString('en')} accounts). Times are CPU time of the process ` +
      `(user + system, LevelDB's and the GC's threads included), not wall time: the \`node\` machine kind ` +
      `(2 cores, 24 GiB) is shared (load average ${loadavg()[0].toFixed(2)} at the end of the run).`,
  };
};
