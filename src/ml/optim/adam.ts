// Adam (Kingma & Ba), as torch.optim.Adam with its defaults beta1 0.9, beta2 0.999, eps 1e-8.
import type { Optimizer, Segment } from './optimizer.js';

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

export class Adam implements Optimizer {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;

  constructor(
    private readonly segments: Segment[],
    size: number,
    private readonly weightDecay = 0,
  ) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }

  step(params: Float32Array, grads: Float32Array, learningRate: number): void {
    const { m, v } = this;
    this.t++;
    const c1 = 1 - BETA1 ** this.t;
    const stepSize = learningRate / c1;
    const rootC2 = Math.sqrt(1 - BETA2 ** this.t);
    for (const s of this.segments) {
      const wd = s.decay ? this.weightDecay : 0;
      for (let i = s.offset, end = s.offset + s.length; i < end; i++) {
        const g = grads[i] + wd * params[i];
        m[i] = BETA1 * m[i] + (1 - BETA1) * g;
        v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
        params[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / rootC2 + EPSILON);
      }
    }
  }
}
