// Inverted dropout: while training each value is zeroed with probability `rate` and the survivors
// are scaled by 1/(1-rate), so that evaluation is the identity.
import type { Layer, LayerContext, LayerIO } from './layer.js';

export class Dropout implements Layer {
  /** Per value: 0 or 1/(1-rate) in training, 1 in evaluation. */
  private readonly mask: Float32Array;

  constructor(
    private readonly rate: number,
    private readonly size: number,
    private readonly io: LayerIO,
    private readonly ctx: LayerContext,
  ) {
    this.mask = new Float32Array(ctx.maxBatch * size);
  }

  forward(n: number, training: boolean): void {
    const count = n * this.size;
    const { mask, rate } = this;
    const x = this.io.x.data;
    const y = this.io.y.data;
    if (!training || rate === 0) {
      mask.fill(1, 0, count);
      y.set(x.subarray(0, count));
      return;
    }
    const keep = 1 / (1 - rate);
    const random = this.ctx.random;
    for (let q = 0; q < count; q++) {
      mask[q] = random.float() < rate ? 0 : keep;
      y[q] = x[q] * mask[q];
    }
  }

  backward(n: number): void {
    if (!this.io.dx) return;
    const dx = this.io.dx.data;
    const dy = this.io.dy.data;
    for (let q = 0; q < n * this.size; q++) dx[q] = dy[q] * this.mask[q];
  }
}
