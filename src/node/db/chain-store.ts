// The chain in LevelDB: every block (main chain and side branches) with its fork-choice meta, the main chain's
// height index and undo records, and the head state's records (every namespace). Every import, revert and
// side-block store is one atomic batch, so a process killed at any moment (a reorganisation included) leaves the
// database at a consistent head; open() checks that by building the state tree from the stored records and
// comparing its root with the head's (docs/BENCHMARKS.md gives the cost). Each batch that moves a block onto or off
// the main chain also rewrites the fork height of its stored descendants (block-meta.ts), so the meta stays exact
// across reorganisations and restarts.
import { ClassicLevel } from 'classic-level';
import { bytesEqual, toHex } from '../../codec/hex.js';
import { applyBlock } from '../../chain/apply-block.js';
import { decodeBlock, encodeBlock, type Block } from '../../chain/block.js';
import type { Execution } from '../../chain/execute.js';
import { NO_ACTIVATIONS, type Activations } from '../../chain/governance/decision.js';
import type { GenesisConfig } from '../../consensus/genesis-config.js';
import { genesisBlock, genesisRecords, genesisState } from '../../consensus/genesis.js';
import { blockHash, type BlockHeader } from '../../chain/header.js';
import { checkHeaderLinks } from '../../chain/header-rules.js';
import type { RecordChange } from '../../chain/namespace.js';
import { namespaceByTag } from '../../chain/namespaces.js';
import { State } from '../../chain/state.js';
import { decodeUndo, encodeUndo, revertBlock, type Undo } from '../../chain/undo.js';
import { blockWeight } from '../../consensus/fork-choice.js';
import { threshold } from '../../consensus/threshold.js';
import { decodeBlockMeta, encodeBlockMeta, type BlockMeta } from './block-meta.js';
import { StoreError } from './errors.js';
import {
  ARRIVAL_KEY,
  blockKey,
  childKey,
  childRange,
  FORMAT_KEY,
  HEAD_KEY,
  heightKey,
  META_RANGE,
  metaKey,
  modelRefKey,
  modelRefRange,
  RECORD_RANGE,
  recordKey,
  STORE_FORMAT,
  undoKey,
} from './keys.js';

export type Db = ClassicLevel<Uint8Array, Uint8Array>;
export type Op = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };

/** A secondary index (src/node/db/tx-index.ts) whose records join every import and revert batch, so that it moves
 * with the main chain atomically. */
export interface BlockIndex {
  importOps(block: Block, hash: Uint8Array): Op[];
  revertOps(block: Block): Op[];
}

/** Writes the records a block touched, as they are in `state`. */
function recordOps(state: State, touched: readonly RecordChange[]): Op[] {
  return touched.map(({ ns, key }) => {
    const value = state.record(ns, key);
    return value ? { type: 'put', key: recordKey(ns.tag, key), value } : { type: 'del', key: recordKey(ns.tag, key) };
  });
}

/** The records stored under RECORD_RANGE, checked against the registered namespaces. */
async function readRecords(db: Db): Promise<RecordChange[]> {
  const records: RecordChange[] = [];
  for await (const [key, value] of db.iterator(RECORD_RANGE)) {
    const ns = namespaceByTag(key[1]);
    if (!ns || key.length !== 2 + ns.keyLength) throw new StoreError('corrupt', `bad state record key ${toHex(key)}`);
    records.push({ ns, key: key.subarray(2), value });
  }
  return records;
}

function arrivalBytes(n: number): Uint8Array {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

export class ChainStore {
  private readonly indexes: BlockIndex[] = [];

  private constructor(
    private readonly db: Db,
    private readonly config: GenesisConfig,
    private headBlock: Block,
    private headState: State,
    /** The arrival number of the next block stored. */
    private nextArrival: number,
  ) {}

  /** Creates a database holding only the genesis block of `config`. */
  static async create(location: string, config: GenesisConfig): Promise<ChainStore> {
    const db = await openDb(location);
    if ((await db.get(HEAD_KEY)) !== undefined) {
      await db.close();
      throw new StoreError('already-initialised', `${location} already holds a chain`);
    }
    const genesis = genesisBlock(config);
    const state = genesisState(config);
    const hash = blockHash(genesis.header);
    await db.batch([
      { type: 'put', key: blockKey(hash), value: encodeBlock(genesis) },
      { type: 'put', key: heightKey(0), value: hash },
      {
        type: 'put',
        key: metaKey(hash),
        value: encodeBlockMeta({ totalWeight: 0n, invalid: false, arrival: 0, forkHeight: 0 }),
      },
      { type: 'put', key: ARRIVAL_KEY, value: arrivalBytes(1) },
      { type: 'put', key: FORMAT_KEY, value: Uint8Array.of(STORE_FORMAT) },
      ...recordOps(state, genesisRecords(config)),
      { type: 'put', key: HEAD_KEY, value: hash },
    ]);
    return new ChainStore(db, config, genesis, state, 1);
  }

  /** Opens a database made by create() for the same config and checks that its state matches its head. */
  static async open(location: string, config: GenesisConfig): Promise<ChainStore> {
    const db = await openDb(location);
    try {
      const headHash = await db.get(HEAD_KEY);
      if (headHash === undefined) throw new StoreError('not-initialised', `${location} holds no chain`);
      const genesisHash = await db.get(heightKey(0));
      if (!genesisHash || !bytesEqual(genesisHash, blockHash(genesisBlock(config).header))) {
        throw new StoreError('genesis-mismatch', `${location} holds another chain than this genesis config`);
      }
      const format = await db.get(FORMAT_KEY);
      if (!format || format.length !== 1 || format[0] !== STORE_FORMAT) {
        throw new StoreError(
          'unsupported-format',
          `${location} holds a chain in store format ${format?.[0] ?? 1}, this node reads format ${STORE_FORMAT}: ` +
            'remove the data directory and initialise it again',
        );
      }
      const head = await readBlock(db, headHash);
      const state = State.fromRecords(await readRecords(db));
      if (!bytesEqual(state.root(), head.header.stateRoot)) {
        throw new StoreError('corrupt', `stored state root ${toHex(state.root())} is not the head's`);
      }
      const arrival = await db.get(ARRIVAL_KEY);
      if (!arrival || arrival.length !== 8) throw new StoreError('corrupt', 'no arrival counter');
      return new ChainStore(db, config, head, state, Number(Buffer.from(arrival).readBigUInt64BE()));
    } catch (err) {
      await db.close();
      throw err;
    }
  }

  get head(): BlockHeader {
    return this.headBlock.header;
  }

  get state(): State {
    return this.headState;
  }

  /**
   * Validates `block`'s links and state transition on the head and makes it the new head; a BlockError leaves
   * everything unchanged. `paramsDigest` is its model's (src/consensus/params-digest.ts): it joins the state, and a
   * digest already there fails the block ('duplicate-model'); only model-less ledger blocks omit it. `activations`:
   * the verdicts on the activations the block makes (src/node/chain/rules-registry.ts); `thresholdBp`: what it
   * cleared, for a block not stored yet (its weight).
   */
  async importBlock(
    block: Block,
    paramsDigest?: Uint8Array,
    judged: { readonly activations?: Activations; readonly thresholdBp?: number } = {},
  ): Promise<Execution> {
    checkHeaderLinks(this.head, block.header);
    const result = applyBlock(
      this.config.params,
      this.headState,
      block,
      judged.activations ?? NO_ACTIVATIONS,
      paramsDigest,
    );
    const hash = blockHash(block.header);
    const { height } = block.header;
    const stored = await this.blockOps(block, paramsDigest, judged.thresholdBp);
    await this.db.batch([
      ...stored.ops,
      // On the main chain now: its fork height is its own, and so is that of every stored descendant (all side).
      { type: 'put', key: metaKey(hash), value: encodeBlockMeta({ ...stored.meta, forkHeight: height }) },
      ...(await this.descendantOps(hash, (m) => ({ ...m, forkHeight: height }))),
      { type: 'put', key: heightKey(block.header.height), value: hash },
      { type: 'put', key: undoKey(hash), value: encodeUndo(result.undo) },
      ...recordOps(result.state, result.undo.prior),
      ...this.indexes.flatMap((index) => index.importOps(block, hash)),
      { type: 'put', key: HEAD_KEY, value: hash },
    ]);
    this.nextArrival = stored.nextArrival;
    this.headBlock = block;
    this.headState = result.state;
    return result;
  }

  /** Undoes the head block (for a reorganisation) and returns it; its block record stays for later use. */
  async revertHead(): Promise<Block> {
    const reverted = this.headBlock;
    if (reverted.header.height === 0) throw new StoreError('not-found', 'cannot revert the genesis block');
    const hash = blockHash(reverted.header);
    const undoBytes = await this.db.get(undoKey(hash));
    if (!undoBytes) throw new StoreError('corrupt', `no undo record for head ${toHex(hash)}`);
    const undo = decodeUndo(undoBytes);
    const parent = await readBlock(this.db, reverted.header.parentHash);
    const state = revertBlock(this.headState, undo);
    const meta = (await this.meta(hash))!;
    // Off the main chain now: it and its descendants leave it at the parent's height.
    const fork = (m: BlockMeta) => ({ ...m, forkHeight: parent.header.height });
    await this.db.batch([
      { type: 'put', key: metaKey(hash), value: encodeBlockMeta(fork(meta)) },
      ...(await this.descendantOps(hash, fork)),
      { type: 'del', key: heightKey(reverted.header.height) },
      { type: 'del', key: undoKey(hash) },
      ...recordOps(state, undo.prior),
      ...this.indexes.flatMap((index) => index.revertOps(reverted)),
      { type: 'put', key: HEAD_KEY, value: reverted.header.parentHash },
    ]);
    this.headBlock = parent;
    this.headState = state;
    return reverted;
  }

  /** The undo record of the main chain's block at `height` (above genesis, at most the head's). */
  async undoAt(height: number): Promise<Undo> {
    const hash = await this.db.get(heightKey(height));
    const bytes = hash && (await this.db.get(undoKey(hash)));
    if (!bytes) throw new StoreError('corrupt', `no undo record at height ${height}`);
    return decodeUndo(bytes);
  }

  /**
   * Stores a block off the main chain (the caller has verified it, state transition included, on its branch);
   * `thresholdBp`: what it cleared (its weight).
   */
  async storeSideBlock(block: Block, paramsDigest: Uint8Array | undefined, thresholdBp?: number): Promise<BlockMeta> {
    const { ops, meta, nextArrival } = await this.blockOps(block, paramsDigest, thresholdBp);
    await this.db.batch(ops);
    this.nextArrival = nextArrival;
    return meta;
  }

  /**
   * The block record, its meta (weight: the parent's plus blockWeight of the threshold it cleared; the next arrival
   * number; the parent's fork height and invalid mark), its entry among the parent's children and its model
   * reference; nothing for a block already stored, whose meta (arrival included) stays as it is. The threshold is
   * the verifier's (the rules of the parent's state); without one, the genesis problem's (ledger tests, benches).
   */
  private async blockOps(
    block: Block,
    paramsDigest: Uint8Array | undefined,
    thresholdBp: number | undefined,
  ): Promise<{ ops: Op[]; meta: BlockMeta; nextArrival: number }> {
    const { header } = block;
    const hash = blockHash(header);
    const known = await this.meta(hash);
    if (known) return { ops: [], meta: known, nextArrival: this.nextArrival };
    const parent = await this.meta(header.parentHash);
    if (!parent) throw new StoreError('not-found', `parent ${toHex(header.parentHash)} is not stored`);
    const parentHeader = (await readBlock(this.db, header.parentHash)).header;
    const weight = blockWeight(thresholdBp ?? threshold(this.config.problem.threshold, parentHeader, header.timestamp));
    const arrival = this.nextArrival;
    const meta: BlockMeta = {
      totalWeight: parent.totalWeight + weight,
      invalid: parent.invalid,
      arrival,
      forkHeight: parent.forkHeight,
      ...(paramsDigest && { paramsDigest }),
    };
    const ops: Op[] = [
      { type: 'put', key: blockKey(hash), value: encodeBlock(block) },
      { type: 'put', key: metaKey(hash), value: encodeBlockMeta(meta) },
      { type: 'put', key: childKey(header.parentHash, hash), value: new Uint8Array() },
      { type: 'put', key: modelRefKey(header.modelRoot, hash), value: new Uint8Array() },
      { type: 'put', key: ARRIVAL_KEY, value: arrivalBytes(arrival + 1) },
    ];
    return { ops, meta, nextArrival: arrival + 1 };
  }

  /** Adds `index`'s records to every later import and revert; returns the database, for its reads and for
   * catching up with blocks imported before it was attached. */
  attachIndex(index: BlockIndex): Db {
    this.indexes.push(index);
    return this.db;
  }

  /** Marks a stored block whose state transition failed, and its descendants; fork choice then skips them. */
  async markInvalid(hash: Uint8Array): Promise<void> {
    const meta = await this.meta(hash);
    if (!meta) throw new StoreError('not-found', `block ${toHex(hash)} is not stored`);
    const invalid = (m: BlockMeta) => ({ ...m, invalid: true });
    await this.db.batch([
      { type: 'put', key: metaKey(hash), value: encodeBlockMeta(invalid(meta)) },
      ...(await this.descendantOps(hash, invalid)),
    ]);
  }

  /** Puts of the meta of every stored descendant of `root`, rewritten by `change`. */
  private async descendantOps(root: Uint8Array, change: (m: BlockMeta) => BlockMeta): Promise<Op[]> {
    const ops: Op[] = [];
    const queue = await this.children(root);
    for (let hash = queue.pop(); hash; hash = queue.pop()) {
      const meta = await this.meta(hash);
      if (!meta) throw new StoreError('corrupt', `child ${toHex(hash)} has no meta`);
      ops.push({ type: 'put', key: metaKey(hash), value: encodeBlockMeta(change(meta)) });
      queue.push(...(await this.children(hash)));
    }
    return ops;
  }

  /**
   * Deletes the side branches leaving the main chain at `height` (they can no longer be chosen once that height is
   * final) in one batch; returns the model roots their blocks committed to, for the caller to drop the files no
   * stored block references any more (modelReferenced).
   */
  async pruneSideBranches(height: number): Promise<Uint8Array[]> {
    const base = await this.db.get(heightKey(height));
    const next = await this.db.get(heightKey(height + 1));
    if (!base) return [];
    const queue = (await this.children(base)).filter((c) => !next || !bytesEqual(c, next));
    const ops: Op[] = [];
    const roots: Uint8Array[] = [];
    for (let hash = queue.pop(); hash; hash = queue.pop()) {
      const { header } = await readBlock(this.db, hash);
      roots.push(header.modelRoot);
      ops.push(
        { type: 'del', key: blockKey(hash) },
        { type: 'del', key: metaKey(hash) },
        { type: 'del', key: childKey(header.parentHash, hash) },
        { type: 'del', key: modelRefKey(header.modelRoot, hash) },
      );
      queue.push(...(await this.children(hash)));
    }
    await this.db.batch(ops);
    return roots;
  }

  /** True while a stored block commits to the model file of `root`. */
  async modelReferenced(root: Uint8Array): Promise<boolean> {
    for await (const _ of this.db.keys({ ...modelRefRange(root), limit: 1 })) return true;
    return false;
  }

  /** The hashes of the stored blocks that commit to the model file of `root`. */
  async modelReferences(root: Uint8Array): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    for await (const key of this.db.keys(modelRefRange(root))) out.push(key.subarray(1 + root.length));
    return out;
  }

  async meta(hash: Uint8Array): Promise<BlockMeta | undefined> {
    const bytes = await this.db.get(metaKey(hash));
    return bytes && decodeBlockMeta(bytes);
  }

  /** Hashes of the stored children of `parent` (the first `limit` of them by hash, when given). */
  async children(parent: Uint8Array, limit?: number): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    const range = { ...childRange(parent), ...(limit !== undefined && { limit }) };
    for await (const key of this.db.keys(range)) out.push(key.subarray(1 + parent.length));
    return out;
  }

  /** Every stored block's hash and meta. */
  async *allMeta(): AsyncGenerator<[Uint8Array, BlockMeta]> {
    for await (const [key, value] of this.db.iterator(META_RANGE)) yield [key.subarray(1), decodeBlockMeta(value)];
  }

  /** True when `hash` is the main chain's block at `height`. */
  async isOnMainChain(hash: Uint8Array, height: number): Promise<boolean> {
    const at = await this.db.get(heightKey(height));
    return at !== undefined && bytesEqual(at, hash);
  }

  async blockAt(height: number): Promise<Block | undefined> {
    const hash = await this.db.get(heightKey(height));
    return hash && readBlock(this.db, hash);
  }

  async blockByHash(hash: Uint8Array): Promise<Block | undefined> {
    const bytes = await this.db.get(blockKey(hash));
    return bytes && decodeBlock(bytes);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

async function openDb(location: string): Promise<Db> {
  const db: Db = new ClassicLevel(location, { keyEncoding: 'view', valueEncoding: 'view' });
  await db.open();
  return db;
}

async function readBlock(db: Db, hash: Uint8Array): Promise<Block> {
  const bytes = await db.get(blockKey(hash));
  if (!bytes) throw new StoreError('corrupt', `block ${toHex(hash)} is missing`);
  return decodeBlock(bytes);
}
