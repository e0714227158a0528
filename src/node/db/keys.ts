// LevelDB key layout. One-byte prefixes keep each kind of record in its own key range.
//   'b' ‖ block hash   -> block encoding
//   'n' ‖ height u64be -> block hash of the main chain at that height
//   'u' ‖ block hash   -> undo record of that block
//   'a' ‖ address      -> account encoding (the state at the head; empty accounts are absent)
//   'm' ‖ model digest -> empty: the model weight digests of the state at the head (one per main-chain block)
//   'i' ‖ block hash   -> block meta (total weight, invalid mark, arrival, params digest) of every stored block
//   's'                -> u64be: the arrival number the next stored block gets
//   'c' ‖ parent ‖ child -> empty: the children of a block, main chain and side branches
//   'h'                -> hash of the head block
//   'x' ‖ ...          -> the explorer's indexes (tx-index.ts: transactions by hash and address, blocks by model)
const prefixed = (p: string, body: Uint8Array): Uint8Array => Buffer.concat([Buffer.from(p), body]);

export const blockKey = (hash: Uint8Array) => prefixed('b', hash);
export const undoKey = (hash: Uint8Array) => prefixed('u', hash);
export const accountKey = (address: Uint8Array) => prefixed('a', address);
export const metaKey = (hash: Uint8Array) => prefixed('i', hash);
export const childKey = (parent: Uint8Array, child: Uint8Array) => prefixed('c', Buffer.concat([parent, child]));
export const modelKey = (digest: Uint8Array) => prefixed('m', digest);
export const HEAD_KEY = Buffer.from('h');
export const ARRIVAL_KEY = Buffer.from('s');

export function heightKey(height: number): Uint8Array {
  const key = Buffer.alloc(9);
  key.write('n');
  key.writeBigUInt64BE(BigInt(height), 1);
  return key;
}

/** The key range holding every account, for iteration. */
export const ACCOUNT_RANGE = { gte: Buffer.from('a'), lt: Buffer.from('b') };

/** The key range holding every model digest of the head state, for iteration. */
export const MODEL_RANGE = { gte: Buffer.from('m'), lt: Buffer.from('n') };

/** The key range holding every block meta, for iteration. */
export const META_RANGE = { gte: Buffer.from('i'), lt: Buffer.from('j') };

/** The key range holding the children of `parent`. */
export function childRange(parent: Uint8Array) {
  const start = prefixed('c', parent);
  return { gte: start, lt: Buffer.concat([start, Buffer.alloc(32, 0xff), Buffer.from([0xff])]) };
}
