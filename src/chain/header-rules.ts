// How a header must link to its parent (timestamps strictly increase along a chain), and the chain config's
// checkpoints. The wall-clock bound on timestamps is the node's business, not consensus.
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
