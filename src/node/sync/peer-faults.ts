// Which failures of a block or transaction from a peer are the peer's fault. An honest node forwards only what it
// verified and holds the model of every block it forwards, so an invalid block, or one whose model the announcing
// peer cannot serve or serves wrong, is proof of a broken or hostile peer: it is banned at once (its points reach
// the ban threshold). Every other BlockError is decided by the block and its own chain alone (a side block's state
// transition included), so every honest node reaches it. Nobody's fault: a timeout, an unknown parent, and the
// refusals relative to this node's clock, head or store (NODE_RELATIVE). See docs/NETWORK.md, "What the node does
// with it".
import { BlockError } from '../../chain/errors.js';
import { DecodeError } from '../../codec/errors.js';
import { NODE_RELATIVE } from '../chain/verdict-cache.js';
import { MempoolError } from '../mempool/errors.js';
import { ModelUnavailable } from '../models/model-fetch.js';
import { P2pError } from '../p2p/errors.js';
import { DEFAULT_SCORING } from '../p2p/peer-score.js';

export const INVALID_BLOCK_POINTS = DEFAULT_SCORING.banThreshold;

/** Why `err`, met while importing a block from a peer, is the peer's fault; undefined when it is not. */
export function blockFault(err: unknown): string | undefined {
  if (err instanceof DecodeError || err instanceof ModelUnavailable) return err.message;
  if (err instanceof BlockError) return NODE_RELATIVE.has(err.code) ? undefined : `invalid block: ${err.message}`;
  if (err instanceof P2pError && (err.code === 'invalid' || err.code === 'malformed')) return err.message;
  return undefined;
}

/** Mempool refusals that no state makes acceptable: the transaction itself breaks the chain's rules. */
const INVALID_TX: ReadonlySet<string> = new Set([
  'wrong-chain-id',
  'fee-below-minimum',
  'bad-signature',
  'amount-not-zero',
  'recipient-not-zero',
  'zero-capacity',
  'bond-below-minimum',
  'bad-peer-id',
]);

/**
 * True for a transaction no node could ever accept (as opposed to one that is stale or early for our state; an
 * unpaid account creation is the latter: the recipient may exist on another head).
 */
export function isInvalidTransaction(err: unknown): boolean {
  if (err instanceof DecodeError) return true;
  return err instanceof MempoolError && INVALID_TX.has(err.code);
}
