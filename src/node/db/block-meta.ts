// What the node keeps about every stored block, main chain or side branch, for fork choice:
//   totalWeight varint(128) ‖ invalid u8 (1 once its state transition failed) ‖ paramsDigest bytes32
import { Reader } from '../../codec/reader.js';
import { Writer } from '../../codec/writer.js';

export interface BlockMeta {
  /** Sum of blockWeight from genesis to this block (src/consensus/fork-choice.ts). */
  readonly totalWeight: bigint;
  readonly invalid: boolean;
  /** paramsDigest of the block's model (zero for genesis), for the duplicate-sibling rule. */
  readonly paramsDigest: Uint8Array;
}

export function encodeBlockMeta(m: BlockMeta): Uint8Array {
  return new Writer()
    .varint('totalWeight', m.totalWeight, 128)
    .varint('invalid', m.invalid ? 1 : 0, 1)
    .fixed('paramsDigest', m.paramsDigest, 32)
    .finish();
}

export function decodeBlockMeta(bytes: Uint8Array): BlockMeta {
  const r = new Reader(bytes);
  const meta = {
    totalWeight: r.varint('totalWeight', 128),
    invalid: r.uint('invalid', 1) === 1,
    paramsDigest: r.fixed('paramsDigest', 32),
  };
  r.end('block meta');
  return meta;
}
