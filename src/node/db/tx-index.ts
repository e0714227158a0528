// The explorer's indexes in the chain's LevelDB, kept by the store's own import and revert batches (attachIndex), so
// that they always describe exactly the main chain, a reorganisation included:
//   'xt' ‖ tx hash                                  -> block hash ‖ height u64be ‖ position u32be
//   'xa' ‖ address ‖ height u64be ‖ position u32be ‖ role -> tx hash (sent, received) or block hash (mined)
//   'xr' ‖ model root                               -> block hash
//   'xg' ‖ height u64be ‖ position u32be            -> proposal id (every propose-problem and propose-grammar)
//   'xp' ‖ problem id ‖ height u64be                -> block hash ‖ correct u64be ‖ total u64be (blocks by problem)
//   'xs' ‖ problem id ‖ rank u64be ‖ height u64be   -> the same (rank: MAX_SAFE_INTEGER − correct, best first)
//   'xh'                                            -> hash of the block the indexes are at
//   'xv'                                            -> u8: the index format (INDEX_FORMAT)
// The block reward is the entry at position 0xffffffff. A database whose 'xh' is not its head (one written before
// the indexes existed, or by a tool that imported blocks without them), or whose 'xv' is not INDEX_FORMAT, is
// re-indexed when opened.
import { bytesEqual } from '../../codec/hex.js';
import type { Block } from '../../chain/block.js';
import { blockHash } from '../../chain/header.js';
import { proposalIdOf } from '../../chain/tx-payload.js';
import { txHash } from '../../chain/tx-signing.js';
import { addressFromPublicKey, type Address } from '../../crypto/address.js';
import type { BlockIndex, ChainStore, Db, Op } from './chain-store.js';

const PREFIX = Buffer.from('x');
const TX = Buffer.from('xt');
const ADDRESS = Buffer.from('xa');
const MODEL = Buffer.from('xr');
const PROPOSAL = Buffer.from('xg');
const PROBLEM = Buffer.from('xp');
const RANKED = Buffer.from('xs');
const AT_KEY = Buffer.from('xh');
const FORMAT_KEY = Buffer.from('xv');
/** Format 1 added the proposals and the blocks by problem. */
const INDEX_FORMAT = 1;
const REWARD_POSITION = 0xffff_ffff;
/** Blocks per batch while re-indexing. */
const REINDEX_BATCH = 256;

export type HistoryRole = 'sent' | 'received' | 'mined';
const ROLES: readonly HistoryRole[] = ['sent', 'received', 'mined'];

export interface TxPlace {
  readonly blockHash: Uint8Array;
  readonly height: number;
  readonly index: number;
}

/** A proposal made on the main chain: its id and where its transaction is. */
export interface ProposalPlace {
  readonly id: Uint8Array;
  readonly height: number;
  readonly index: number;
}

/** A main-chain block that trained a problem, and its model's score. */
export interface TrainedBlock {
  readonly height: number;
  readonly hash: Uint8Array;
  readonly score: { readonly correct: number; readonly total: number };
}

export interface HistoryEntry {
  readonly height: number;
  readonly position: number;
  readonly role: HistoryRole;
  /** The transaction's hash, or the mined block's. */
  readonly hash: Uint8Array;
  /** Where the next older page starts (HistoryQuery.before). */
  readonly cursor: Uint8Array;
}

const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** Height, position and role: what orders an address's history, and its page cursor. */
export const CURSOR_BYTES = 13;
const historyKey = (address: Address, cursor: Uint8Array) => Buffer.concat([ADDRESS, address, cursor]);
const cursorOf = (height: number, position: number, role: HistoryRole) =>
  Buffer.concat([u64(height), u32(position), Buffer.from([ROLES.indexOf(role)])]);

/** Every record block `block` (of hash `hash`) adds: key and value. */
function records(block: Block, hash: Uint8Array): [Uint8Array, Uint8Array][] {
  const { height, miner, modelRoot, problemId, score } = block.header;
  const out: [Uint8Array, Uint8Array][] = [];
  block.txs.forEach((tx, i) => {
    const th = txHash(tx);
    out.push([Buffer.concat([TX, th]), Buffer.concat([hash, u64(height), u32(i)])]);
    out.push([historyKey(addressFromPublicKey(tx.sender), cursorOf(height, i, 'sent')), th]);
    out.push([historyKey(tx.recipient, cursorOf(height, i, 'received')), th]);
    const { kind } = tx.payload;
    if (kind === 'propose-problem' || kind === 'propose-grammar')
      out.push([Buffer.concat([PROPOSAL, u64(height), u32(i)]), proposalIdOf(tx.payload)]);
  });
  if (height > 0) {
    out.push([historyKey(miner, cursorOf(height, REWARD_POSITION, 'mined')), hash]);
    out.push([Buffer.concat([MODEL, modelRoot]), hash]);
    const trained = Buffer.concat([hash, u64(score.correct), u64(score.total)]);
    out.push([Buffer.concat([PROBLEM, problemId, u64(height)]), trained]);
    out.push([Buffer.concat([RANKED, problemId, u64(Number.MAX_SAFE_INTEGER - score.correct), u64(height)]), trained]);
  }
  return out;
}

function trainedBlock(key: Uint8Array, value: Uint8Array): TrainedBlock {
  const v = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return {
    height: Number(Buffer.from(key.buffer, key.byteOffset, key.byteLength).readBigUInt64BE(key.length - 8)),
    hash: Uint8Array.from(v.subarray(0, 32)),
    score: { correct: Number(v.readBigUInt64BE(32)), total: Number(v.readBigUInt64BE(40)) },
  };
}

/** The keys under `prefix` ‖ `id` (a 32-byte id, then `tail` bytes). */
const idRange = (prefix: Uint8Array, id: Uint8Array, tail: number) => ({
  gte: Buffer.concat([prefix, id]),
  lt: Buffer.concat([prefix, id, Buffer.alloc(tail, 0xff), Buffer.of(0xff)]),
});

export class TxIndex implements BlockIndex {
  private readonly db: Db;

  private constructor(store: ChainStore) {
    this.db = store.attachIndex(this);
  }

  /** Attaches the indexes to `store`, re-indexing its main chain if they are not at its head. Call it before anything
   * imports or reverts blocks (the re-indexing reads the main chain as it is). */
  static async open(store: ChainStore): Promise<TxIndex> {
    const index = new TxIndex(store);
    const at = await index.db.get(AT_KEY);
    const format = await index.db.get(FORMAT_KEY);
    if (!at || !bytesEqual(at, blockHash(store.head)) || format?.[0] !== INDEX_FORMAT) await index.reindex(store);
    return index;
  }

  importOps(block: Block, hash: Uint8Array): Op[] {
    return [
      ...records(block, hash).map(([key, value]) => ({ type: 'put', key, value }) as const),
      { type: 'put', key: AT_KEY, value: hash },
    ];
  }

  revertOps(block: Block): Op[] {
    return [
      ...records(block, blockHash(block.header)).map(([key]) => ({ type: 'del', key }) as const),
      { type: 'put', key: AT_KEY, value: block.header.parentHash },
    ];
  }

  /** Where a main-chain transaction is. */
  async find(hash: Uint8Array): Promise<TxPlace | undefined> {
    const v = await this.db.get(Buffer.concat([TX, hash]));
    if (!v) return undefined;
    const b = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    return {
      blockHash: Uint8Array.from(v.subarray(0, 32)),
      height: Number(b.readBigUInt64BE(32)),
      index: b.readUInt32BE(40),
    };
  }

  /** The main-chain block that committed to this model root. */
  async blockOfModel(root: Uint8Array): Promise<Uint8Array | undefined> {
    const hash = await this.db.get(Buffer.concat([MODEL, root]));
    return hash && Uint8Array.from(hash);
  }

  /** Every proposal made on the main chain, newest first. */
  async proposals(): Promise<ProposalPlace[]> {
    const out: ProposalPlace[] = [];
    for await (const [key, id] of this.db.iterator({ gt: PROPOSAL, lt: Buffer.from('xh'), reverse: true })) {
      const k = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
      out.push({ id: Uint8Array.from(id), height: Number(k.readBigUInt64BE(2)), index: k.readUInt32BE(10) });
    }
    return out;
  }

  /** Every problem main-chain blocks trained, in id order: one seek per problem. */
  async trainedProblems(): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    let from: Uint8Array = PROBLEM;
    for (;;) {
      const [key] = await this.db.keys({ gt: from, lt: Buffer.from('xq'), limit: 1 }).all();
      if (!key) return out;
      const id = Uint8Array.from(key.subarray(2, 34));
      out.push(id);
      from = idRange(PROBLEM, id, 8).lt;
    }
  }

  /** The first and last main-chain blocks that trained problem `id`, or undefined when none did. */
  async problemSpan(id: Uint8Array): Promise<{ first: TrainedBlock; last: TrainedBlock } | undefined> {
    const range = idRange(PROBLEM, id, 8);
    const [first] = await this.db.iterator({ ...range, limit: 1 }).all();
    const [last] = await this.db.iterator({ ...range, limit: 1, reverse: true }).all();
    return first && last && { first: trainedBlock(...first), last: trainedBlock(...last) };
  }

  /** The `limit` main-chain blocks with the best scores on problem `id`, best first (the earliest among equals). */
  async bestBlocks(id: Uint8Array, limit: number): Promise<TrainedBlock[]> {
    const entries = await this.db.iterator({ ...idRange(RANKED, id, 16), limit }).all();
    return entries.map(([key, value]) => trainedBlock(key, value));
  }

  /** An address's history, newest first: at most `limit` entries older than `before` (a cursor from a page). */
  async history(address: Address, limit: number, before?: Uint8Array): Promise<HistoryEntry[]> {
    const start = historyKey(address, new Uint8Array());
    const end = before ? historyKey(address, before) : Buffer.concat([start, Buffer.alloc(CURSOR_BYTES, 0xff)]);
    const out: HistoryEntry[] = [];
    for await (const [key, hash] of this.db.iterator({ gte: start, lt: end, reverse: true, limit })) {
      const cursor = Uint8Array.from(key.subarray(start.length));
      const c = Buffer.from(cursor);
      out.push({
        height: Number(c.readBigUInt64BE(0)),
        position: c.readUInt32BE(8),
        role: ROLES[c[12]],
        hash: Uint8Array.from(hash),
        cursor,
      });
    }
    return out;
  }

  /** Drops every index record and writes them again for the main chain from genesis to the head. */
  private async reindex(store: ChainStore): Promise<void> {
    const stale: Op[] = [];
    for await (const key of this.db.keys({ gte: PREFIX, lt: Buffer.from('y') })) stale.push({ type: 'del', key });
    await this.db.batch(stale);
    let ops: Op[] = [];
    let last: Uint8Array | undefined;
    for (let height = 0; height <= store.head.height; height++) {
      const block = await store.blockAt(height);
      if (!block) break;
      last = blockHash(block.header);
      ops.push(...this.importOps(block, last).slice(0, -1));
      if (height % REINDEX_BATCH === REINDEX_BATCH - 1) {
        await this.db.batch(ops);
        ops = [];
      }
    }
    if (last) ops.push({ type: 'put', key: AT_KEY, value: last });
    ops.push({ type: 'put', key: FORMAT_KEY, value: Uint8Array.of(INDEX_FORMAT) });
    await this.db.batch(ops);
  }
}
