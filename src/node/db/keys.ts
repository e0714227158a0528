// LevelDB key layout. One-byte prefixes keep each kind of record in its own key range.
//   'b' ‖ block hash   -> block encoding
//   'n' ‖ height u64be -> block hash of the main chain at that height
//   'u' ‖ block hash   -> undo record of that block
//   'r' ‖ tag ‖ key    -> value: every record of the state at the head, by namespace tag (src/chain/namespace.ts)
//   'i' ‖ block hash   -> block meta (total weight, invalid mark, arrival, fork height, params digest) of every
//                         stored block
//   'f' ‖ model root ‖ block hash -> empty: the stored blocks that commit to a model file (kept while one does)
//   's'                -> u64be: the arrival number the next stored block gets
//   'c' ‖ parent ‖ child -> empty: the children of a block, main chain and side branches
//   'h'                -> hash of the head block
//   'v'                -> u8: the store format (STORE_FORMAT); a database without it predates fork heights
//   'x' ‖ ...          -> the explorer's indexes (tx-index.ts: transactions by hash and address, blocks by model,
//                         proposals, the blocks of each problem)
const prefixed = (p: string, body: Uint8Array): Uint8Array => Buffer.concat([Buffer.from(p), body]);

export const blockKey = (hash: Uint8Array) => prefixed('b', hash);
export const undoKey = (hash: Uint8Array) => prefixed('u', hash);
export const recordKey = (tag: number, key: Uint8Array) => prefixed('r', Buffer.concat([Buffer.of(tag), key]));
export const metaKey = (hash: Uint8Array) => prefixed('i', hash);
export const childKey = (parent: Uint8Array, child: Uint8Array) => prefixed('c', Buffer.concat([parent, child]));
export const modelRefKey = (root: Uint8Array, hash: Uint8Array) => prefixed('f', Buffer.concat([root, hash]));
export const HEAD_KEY = Buffer.from('h');
export const ARRIVAL_KEY = Buffer.from('s');
export const FORMAT_KEY = Buffer.from('v');
/**
 * Format 2 added the fork height and the inherited invalid mark to block meta, and the model references; format 3
 * keeps the state as namespaced records (the sparse Merkle tree's).
 */
export const STORE_FORMAT = 3;

export function heightKey(height: number): Uint8Array {
  const key = Buffer.alloc(9);
  key.write('n');
  key.writeBigUInt64BE(BigInt(height), 1);
  return key;
}

/** The key range holding every record of the head state, for iteration. */
export const RECORD_RANGE = { gte: Buffer.from('r'), lt: Buffer.from('s') };

/** The key range holding every block meta, for iteration. */
export const META_RANGE = { gte: Buffer.from('i'), lt: Buffer.from('j') };

/** The key range of the 32-byte-hash suffixes of `prefix`. */
function suffixRange(prefix: Uint8Array) {
  return { gte: prefix, lt: Buffer.concat([prefix, Buffer.alloc(32, 0xff), Buffer.from([0xff])]) };
}

/** The key range holding the children of `parent`. */
export const childRange = (parent: Uint8Array) => suffixRange(prefixed('c', parent));

/** The key range holding the stored blocks that commit to the model file of `root`. */
export const modelRefRange = (root: Uint8Array) => suffixRange(prefixed('f', root));
