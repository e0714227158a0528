// SGD with (heavy-ball) momentum, as torch.optim.SGD: v = mu v + g; p -= lr v.
import type { Arena } from '../tensor/arena.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Optimizer, Segment } from './optimizer.js';

export class Sgd implements Optimizer {
  private readonly velocity: Tensor;

  constructor(
    private readonly arena: Arena,
    private readonly segments: Segment[],
    size: number,
    private readonly momentum = 0.9,
    private readonly weightDecay = 0,
  ) {
    this.velocity = arena.alloc(size);
  }

  step(params: Tensor, grads: Tensor, learningRate: number): void {
    for (const s of this.segments) {
      const o = 4 * s.offset;
      const wd = s.decay ? this.weightDecay : 0;
      this.arena.kernels.sgdStep(
        params.ptr + o,
        grads.ptr + o,
        this.velocity.ptr + o,
        s.length,
        learningRate,
        this.momentum,
        wd,
      );
    }
  }
}
