// SGD with (heavy-ball) momentum, as torch.optim.SGD: v = mu v + g; p -= lr v.
import type { Optimizer, Segment } from './optimizer.js';

export class Sgd implements Optimizer {
  private readonly velocity: Float32Array;

  constructor(
    private readonly segments: Segment[],
    size: number,
    private readonly momentum = 0.9,
    private readonly weightDecay = 0,
  ) {
    this.velocity = new Float32Array(size);
  }

  step(params: Float32Array, grads: Float32Array, learningRate: number): void {
    const { velocity: v, momentum } = this;
    for (const s of this.segments) {
      const wd = s.decay ? this.weightDecay : 0;
      for (let i = s.offset, end = s.offset + s.length; i < end; i++) {
        v[i] = momentum * v[i] + grads[i] + wd * params[i];
        params[i] -= learningRate * v[i];
      }
    }
  }
}
