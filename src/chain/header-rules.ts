// How a header must link to its parent (timestamps strictly increase along a chain), the chain config's
// checkpoints and, on a nonce-free chain, the nonce. The wall-clock bound on timestamps is the node's business, not
// consensus.
import { bytesEqual, toHex } from '../codec/hex.js';
import { BlockError } from './errors.js';
import { blockHash, CURRENT_BLOCK_VERSION, type BlockHeader } from './header.js';
import type { ChainParams } from './params.js';

export function checkHeaderLinks(parent: BlockHeader, header: BlockHeader): void {
  if (header.version !== CURRENT_BLOCK_VERSION) {
    throw new BlockError('bad-version', `version ${header.version}, expected ${CURRENT_BLOCK_VERSION}`);
  }
  if (header.height !== parent.height + 1) {
    throw new BlockError('bad-height', `height ${header.height} does not follow parent height ${parent.height}`);
  }
  if (!bytesEqual(header.parentHash, blockHash(parent))) {
    throw new BlockError('bad-parent', 'parent hash is not the hash of the parent header');
  }
  if (header.timestamp <= parent.timestamp) {
    throw new BlockError(
      'bad-timestamp',
      `timestamp ${header.timestamp} is not after the parent's ${parent.timestamp}`,
    );
  }
}

/** A block at a checkpoint height must be the checkpoint's block. */
export function checkCheckpoint(params: ChainParams, header: BlockHeader): void {
  const checkpoint = params.checkpoints.find((c) => c.height === header.height);
  if (checkpoint && !bytesEqual(blockHash(header), checkpoint.hash)) {
    throw new BlockError('checkpoint-mismatch', `height ${header.height} is checkpointed at ${toHex(checkpoint.hash)}`);
  }
}

/**
 * On a nonce-free chain the nonce does not enter the work hash, so it must be 0: otherwise one block would have
 * 2^64 encodings, each a new block hash (and so a new evaluation order, and a new block to relay and verify) for
 * the same work.
 */
export function checkNonce(params: ChainParams, header: BlockHeader): void {
  if (params.nonceFree && header.nonce !== 0n) {
    throw new BlockError('nonce-not-zero', `nonce ${header.nonce} on a nonce-free chain, where every nonce is 0`);
  }
}
