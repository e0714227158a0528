// The order in which a verifier visits the validation samples (docs/PROTOCOL.md 4.3, "Evaluation order"): a
// Fisher-Yates shuffle of 0..n-1 driven by SHA3-256 in counter mode, seeded by the block hash. Not a validity
// rule: the verdict does not depend on the order, only its cost does (the evaluation stops once the claim is
// decided). Seeding by the block hash, which commits to the model root, fixes the order only after the model is:
// a miner cannot fit its weights to the samples a verifier looks at first.
import { utf8Bytes } from '../codec/bytes.js';
import { sha3_256 } from '../crypto/hash.js';

const DOMAIN = utf8Bytes('coinai-eval-order-v1');

/** A permutation of 0..count-1: the samples in the order a verifier of the block `blockHash` visits them. */
export function evaluationOrder(blockHash: Uint8Array, count: number): Uint32Array {
  if (!Number.isInteger(count) || count < 0 || count > 2 ** 32) throw new RangeError(`bad sample count ${count}`);
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const words = new Words(sha3_256(DOMAIN, blockHash));
  for (let i = count - 1; i > 0; i--) {
    const j = words.below(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** 32-bit big-endian words of SHA3-256(seed ‖ counter as 8 bytes big-endian), counter 0, 1, …; 8 words each. */
class Words {
  private block: Uint8Array = new Uint8Array(0);
  private at = 0;
  private counter = 0;
  private readonly input: Uint8Array;
  constructor(seed: Uint8Array) {
    this.input = new Uint8Array(seed.length + 8);
    this.input.set(seed);
  }

  next(): number {
    if (this.at === this.block.length) {
      const c = this.counter++;
      const view = new DataView(this.input.buffer, this.input.length - 8, 8);
      view.setUint32(0, Math.floor(c / 2 ** 32));
      view.setUint32(4, c >>> 0);
      this.block = sha3_256(this.input);
      this.at = 0;
    }
    const b = this.block;
    const w = ((b[this.at] << 24) | (b[this.at + 1] << 16) | (b[this.at + 2] << 8) | b[this.at + 3]) >>> 0;
    this.at += 4;
    return w;
  }

  /** Uniform in 0..n-1 (n ≥ 1) by rejection: words at or above the largest multiple of n below 2^32 are redrawn. */
  below(n: number): number {
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const w = this.next();
      if (w < limit) return w % n;
    }
  }
}
