// Batch normalisation per channel (image) or feature (flat), as PyTorch does it: training normalises
// with the batch's mean and biased variance and moves the running mean and unbiased variance by
// MOMENTUM; evaluation normalises with the running statistics.
import { BATCH_NORM_EPSILON } from '../../arch/ir.js';
import type { Layer, LayerContext, LayerIO, Param } from './layer.js';

const MOMENTUM = 0.1;

export class BatchNorm implements Layer {
  /** The normalised input of the last training forward, for backward. */
  private readonly xhat: Float32Array;
  private readonly invStd: Float64Array;

  constructor(
    private readonly channels: number,
    /** Values per channel per sample: H*W of an image, 1 of a flat vector. */
    private readonly spatial: number,
    private readonly io: LayerIO,
    private readonly gamma: Param,
    private readonly beta: Param,
    private readonly mean: Param,
    private readonly variance: Param,
    ctx: LayerContext,
  ) {
    this.xhat = new Float32Array(ctx.maxBatch * channels * spatial);
    this.invStd = new Float64Array(channels);
  }

  forward(n: number, training: boolean): void {
    const { channels: C, spatial: S, xhat } = this;
    const x = this.io.x.data;
    const y = this.io.y.data;
    const g = this.gamma.value.data;
    const b = this.beta.value.data;
    const rm = this.mean.value.data;
    const rv = this.variance.value.data;
    const m = n * S;
    for (let c = 0; c < C; c++) {
      let mean: number;
      let variance: number;
      if (training) {
        let sum = 0;
        for (let s = 0; s < n; s++) for (let q = (s * C + c) * S, end = q + S; q < end; q++) sum += x[q];
        mean = sum / m;
        let sq = 0;
        for (let s = 0; s < n; s++) for (let q = (s * C + c) * S, end = q + S; q < end; q++) sq += (x[q] - mean) ** 2;
        variance = sq / m;
        rm[c] = (1 - MOMENTUM) * rm[c] + MOMENTUM * mean;
        rv[c] = (1 - MOMENTUM) * rv[c] + MOMENTUM * (m > 1 ? sq / (m - 1) : variance);
      } else {
        mean = rm[c];
        variance = rv[c];
      }
      const inv = 1 / Math.sqrt(variance + BATCH_NORM_EPSILON);
      this.invStd[c] = inv;
      for (let s = 0; s < n; s++) {
        for (let q = (s * C + c) * S, end = q + S; q < end; q++) {
          const h = (x[q] - mean) * inv;
          xhat[q] = h;
          y[q] = g[c] * h + b[c];
        }
      }
    }
  }

  backward(n: number): void {
    const { channels: C, spatial: S, xhat } = this;
    const dy = this.io.dy.data;
    const g = this.gamma.value.data;
    const dg = this.gamma.grad.data;
    const db = this.beta.grad.data;
    const m = n * S;
    for (let c = 0; c < C; c++) {
      let sumDy = 0;
      let sumDyXhat = 0;
      for (let s = 0; s < n; s++) {
        for (let q = (s * C + c) * S, end = q + S; q < end; q++) {
          sumDy += dy[q];
          sumDyXhat += dy[q] * xhat[q];
        }
      }
      dg[c] += sumDyXhat;
      db[c] += sumDy;
      if (!this.io.dx) continue;
      const dx = this.io.dx.data;
      const k = (g[c] * this.invStd[c]) / m;
      for (let s = 0; s < n; s++) {
        for (let q = (s * C + c) * S, end = q + S; q < end; q++) dx[q] = k * (m * dy[q] - sumDy - xhat[q] * sumDyXhat);
      }
    }
  }
}
