// What the node keeps about every stored block, main chain or side branch, for fork choice:
//   totalWeight varint(128) ‖ invalid u8 ‖ arrival u53 ‖ forkHeight u53 ‖
//   hasDigest u8 ‖ paramsDigest bytes32 (when hasDigest is 1)
// The invalid mark and the fork height are kept current by the store (inherited from the parent, rewritten over a
// block's descendants when it is marked invalid or joins or leaves the main chain), so the chain manager decides
// "on an invalid branch?" and "how deep is this fork?" from one meta read, never a walk.
import { Reader } from '../../codec/reader.js';
import { Writer } from '../../codec/writer.js';

export interface BlockMeta {
  /** Sum of blockWeight from genesis to this block (src/consensus/fork-choice.ts). */
  readonly totalWeight: bigint;
  /** The block or one of its ancestors failed its state transition: fork choice skips it. */
  readonly invalid: boolean;
  /** The order in which this node first stored the block (genesis 0): equal weights keep the tip seen first. */
  readonly arrival: number;
  /** Height of the highest main-chain block among the block and its ancestors (its own height when on the main chain). */
  readonly forkHeight: number;
  /** paramsDigest of the block's model (absent for genesis and model-less ledger blocks): it joins the state on import. */
  readonly paramsDigest?: Uint8Array;
}

export function encodeBlockMeta(m: BlockMeta): Uint8Array {
  const w = new Writer()
    .varint('totalWeight', m.totalWeight, 128)
    .varint('invalid', m.invalid ? 1 : 0, 1)
    .varint('arrival', m.arrival, 53)
    .varint('forkHeight', m.forkHeight, 53)
    .varint('hasDigest', m.paramsDigest ? 1 : 0, 1);
  if (m.paramsDigest) w.fixed('paramsDigest', m.paramsDigest, 32);
  return w.finish();
}

export function decodeBlockMeta(bytes: Uint8Array): BlockMeta {
  const r = new Reader(bytes);
  const totalWeight = r.varint('totalWeight', 128);
  const invalid = r.uint('invalid', 1) === 1;
  const arrival = r.uint('arrival', Number.MAX_SAFE_INTEGER);
  const forkHeight = r.uint('forkHeight', Number.MAX_SAFE_INTEGER);
  const paramsDigest = r.uint('hasDigest', 1) === 1 ? r.fixed('paramsDigest', 32) : undefined;
  r.end('block meta');
  return { totalWeight, invalid, arrival, forkHeight, ...(paramsDigest && { paramsDigest }) };
}
