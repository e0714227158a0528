// What the node remembers so that no block or model costs it an evaluation twice: the results of evaluations by
// (model root, problem id), and the hashes of blocks found invalid (final verdicts only). Both are bounded and
// forget the least recently used entry first; forgetting costs only a repeated check, never a wrong verdict, since
// everything remembered is a pure function of the block (or of the model file its root commits to) and the rules.
import { BlockError, type BlockErrorCode } from '../../chain/errors.js';
import { toHex } from '../../codec/hex.js';
import { decides } from '../../consensus/score-check.js';
import type { Evaluate } from '../../consensus/verify-block.js';
import type { Measured } from '../../ml/eval/ordered.js';

export const DEFAULT_VERDICT_CACHE = 1024;
export const DEFAULT_INVALID_BLOCKS = 4096;

/** A bounded map; `get` refreshes an entry, `set` beyond the capacity drops the least recently used. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity ${capacity} is not positive`);
  }

  get size(): number {
    return this.map.size;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }
}

/**
 * `evaluate` behind a cache of results by (model root, problem id). A remembered result that decides the claim
 * (a full count, or a partial count the claim contradicts) answers without an evaluation: a block re-using a
 * stored model under a new timestamp costs nothing. A model seen before whose partial count does not decide the
 * new claim is evaluated in full (no early stop), so each model is evaluated at most once in part and once in full.
 */
export function cachedEvaluate(evaluate: Evaluate, problemId: Uint8Array, cache: Lru<string, Measured>): Evaluate {
  const problem = toHex(problemId);
  return async (model, file, check) => {
    const key = `${toHex(check.modelRoot)}:${problem}`;
    const known = cache.get(key);
    if (known && decides(check, known)) return known;
    const measured = await evaluate(model, file, known ? { ...check, stop: undefined } : check);
    cache.set(key, measured);
    return measured;
  };
}

/**
 * Refusals relative to this node, not to the block and its chain: its clock (ahead of it, or a full held set), its
 * head (a branch too deep or too light to be chosen), its store (a parent with its fill of children, a model file
 * not at hand). Another node may accept the same block, so they are neither remembered nor the sender's fault.
 */
export const NODE_RELATIVE: ReadonlySet<BlockErrorCode> = new Set([
  'timestamp-from-the-future',
  'timestamp-far-future',
  'reorg-too-deep',
  'branch-too-light',
  'too-many-siblings',
  'model-missing',
]);

/**
 * Refusals that are not a property of the block hash: the node-relative ones, and a body that does not match its
 * header (the header, and so the hash, may be an honest block's).
 */
const NOT_FINAL: ReadonlySet<BlockErrorCode> = new Set([...NODE_RELATIVE, 'too-many-transactions', 'tx-root-mismatch']);

/** True when `err` is a verdict on the block itself, which may be remembered by its hash. */
export function isFinalRefusal(err: unknown): err is BlockError {
  return err instanceof BlockError && !NOT_FINAL.has(err.code);
}
