// storage-proof (tag 3): root 32 ‖ epoch varint(53) ‖ index varint(53) ‖ segment varbytes(1..1024)
//   ‖ count varint (≤ 40) ‖ siblings 32 each.
// The sender's answer to the challenge of its replica of `root` in `epoch`: segment `index` and its Merkle path
// (src/crypto/segment-tree.ts). 40 siblings cover 2^40 segments: objects up to 1 PiB.
import { SEGMENT_BYTES } from '../../../crypto/segment-tree.js';
import { MAX_UINT } from '../../params.js';
import { ROOT_LENGTH } from '../../storage/objects.js';
import { noTransferRejection, varintBytes, type PayloadCodec } from '../kind.js';

export const MAX_PROOF_SIBLINGS = 40;

export interface StorageProofPayload {
  readonly kind: 'storage-proof';
  readonly root: Uint8Array;
  readonly epoch: number;
  readonly index: number;
  readonly segment: Uint8Array;
  readonly siblings: readonly Uint8Array[];
}

export const storageProofCodec: PayloadCodec<StorageProofPayload> = {
  tag: 3,
  maxBytes: ROOT_LENGTH + 2 * varintBytes(53) + varintBytes(11) + SEGMENT_BYTES + 1 + MAX_PROOF_SIBLINGS * ROOT_LENGTH,
  write(w, p) {
    if (p.siblings.length > MAX_PROOF_SIBLINGS) throw new RangeError(`more than ${MAX_PROOF_SIBLINGS} siblings`);
    w.fixed('root', p.root, ROOT_LENGTH)
      .varint('epoch', p.epoch, 53)
      .varint('index', p.index, 53)
      .varBytes('segment', p.segment, SEGMENT_BYTES)
      .varint('siblings', p.siblings.length, 8);
    for (const s of p.siblings) w.fixed('sibling', s, ROOT_LENGTH);
  },
  read(r) {
    const root = r.fixed('root', ROOT_LENGTH);
    const epoch = r.uint('epoch', MAX_UINT);
    const index = r.uint('index', MAX_UINT);
    const segment = r.varBytes('segment', SEGMENT_BYTES);
    const count = r.uint('siblings', MAX_PROOF_SIBLINGS);
    const siblings = Array.from({ length: count }, () => r.fixed('sibling', ROOT_LENGTH));
    return { kind: 'storage-proof', root, epoch, index, segment, siblings };
  },
  stateless: (_params, tx, p) =>
    noTransferRejection(tx) ??
    (p.segment.length === 0 ? { code: 'wrong-segment-length', detail: 'the segment is empty' } : undefined),
};
