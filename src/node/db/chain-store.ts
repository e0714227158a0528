// The main chain in LevelDB: blocks, the height index, undo records and the head state. Every import and every
// revert is one atomic batch, so a process killed at any moment leaves the database at a consistent head; open()
// checks that by recomputing the state root.
import { ClassicLevel } from 'classic-level';
import { bytesEqual, toHex } from '../../codec/hex.js';
import { decodeAccount, encodeAccount, isEmptyAccount, type Account } from '../../chain/account.js';
import { applyBlock } from '../../chain/apply-block.js';
import { decodeBlock, encodeBlock, type Block } from '../../chain/block.js';
import type { Execution } from '../../chain/execute.js';
import type { GenesisConfig } from '../../chain/genesis-config.js';
import { genesisBlock, genesisState } from '../../chain/genesis.js';
import { blockHash, type BlockHeader } from '../../chain/header.js';
import { checkHeaderLinks } from '../../chain/header-rules.js';
import { State } from '../../chain/state.js';
import { decodeUndo, encodeUndo, revertBlock } from '../../chain/undo.js';
import { StoreError } from './errors.js';
import { ACCOUNT_RANGE, accountKey, blockKey, HEAD_KEY, heightKey, undoKey } from './keys.js';

type Db = ClassicLevel<Uint8Array, Uint8Array>;
type Op = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };

/** Writes the accounts a block touched, as they are in `state`. */
function accountOps(state: State, touched: readonly (readonly [Uint8Array, unknown])[]): Op[] {
  return touched.map(([address]) => {
    const acc = state.account(address);
    return isEmptyAccount(acc)
      ? { type: 'del', key: accountKey(address) }
      : { type: 'put', key: accountKey(address), value: encodeAccount(acc) };
  });
}

export class ChainStore {
  private constructor(
    private readonly db: Db,
    private readonly config: GenesisConfig,
    private headBlock: Block,
    private headState: State,
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
      ...accountOps(state, state.sortedEntries()),
      { type: 'put', key: HEAD_KEY, value: hash },
    ]);
    return new ChainStore(db, config, genesis, state);
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
      const head = await readBlock(db, headHash);
      const entries: [Uint8Array, Account][] = [];
      for await (const [key, value] of db.iterator(ACCOUNT_RANGE)) entries.push([key.subarray(1), decodeAccount(value)]);
      const state = State.fromAccounts(entries);
      if (!bytesEqual(state.root(), head.header.stateRoot)) {
        throw new StoreError('corrupt', `stored state root ${toHex(state.root())} is not the head's`);
      }
      return new ChainStore(db, config, head, state);
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

  /** Validates `block` on the head and makes it the new head; a BlockError leaves everything unchanged. */
  async importBlock(block: Block): Promise<Execution> {
    checkHeaderLinks(this.head, block.header);
    const result = applyBlock(this.config.params, this.headState, block);
    const hash = blockHash(block.header);
    await this.db.batch([
      { type: 'put', key: blockKey(hash), value: encodeBlock(block) },
      { type: 'put', key: heightKey(block.header.height), value: hash },
      { type: 'put', key: undoKey(hash), value: encodeUndo(result.undo) },
      ...accountOps(result.state, result.undo.prior),
      { type: 'put', key: HEAD_KEY, value: hash },
    ]);
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
    await this.db.batch([
      { type: 'del', key: heightKey(reverted.header.height) },
      { type: 'del', key: undoKey(hash) },
      ...accountOps(state, undo.prior),
      { type: 'put', key: HEAD_KEY, value: reverted.header.parentHash },
    ]);
    this.headBlock = parent;
    this.headState = state;
    return reverted;
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
