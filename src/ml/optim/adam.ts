// Adam (Kingma & Ba), as torch.optim.Adam with its defaults beta1 0.9, beta2 0.999, eps 1e-8.
import type { Arena } from '../tensor/arena.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Optimizer, Segment } from './optimizer.js';

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

export class Adam implements Optimizer {
  private readonly m: Tensor;
  private readonly v: Tensor;
  private t = 0;

  constructor(
    private readonly arena: Arena,
    private readonly segments: Segment[],
    size: number,
    private readonly weightDecay = 0,
  ) {
    this.m = arena.alloc(size);
    this.v = arena.alloc(size);
  }

  step(params: Tensor, grads: Tensor, learningRate: number): void {
    this.t++;
    const stepSize = learningRate / (1 - BETA1 ** this.t);
    const rootC2 = Math.sqrt(1 - BETA2 ** this.t);
    for (const s of this.segments) {
      const o = 4 * s.offset;
      const wd = s.decay ? this.weightDecay : 0;
      this.arena.kernels.adamStep(
        params.ptr + o,
        grads.ptr + o,
        this.m.ptr + o,
        this.v.ptr + o,
        s.length,
        stepSize,
        rootC2,
        wd,
        BETA1,
        BETA2,
        EPSILON,
      );
    }
  }
}
