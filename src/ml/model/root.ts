// The model root committed in blocks: the model file's object root (crypto/segment-tree: the Merkle root over 1 KiB
// segments), the same as for every stored object, so a model moves in 64 KiB chunks each checked as it arrives and
// its keepers prove it one segment at a time.
import { CHUNK_BYTES, segmentRoot } from '../../crypto/segment-tree.js';

export const MODEL_CHUNK_BYTES = CHUNK_BYTES;

/** The root of a (non-empty) model file. */
export const modelRoot: (file: Uint8Array) => Uint8Array = segmentRoot;
