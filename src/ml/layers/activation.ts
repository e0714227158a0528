// Element-wise activations, relu in the SIMD kernels. Backward uses the output:
// relu' = [y > 0], sigmoid' = y(1-y), tanh' = 1-y^2.
import type { Activation as Fn } from '../../arch/ir.js';
import type { Layer, LayerContext, LayerIO } from './layer.js';

export class Activation implements Layer {
  constructor(
    private readonly fn: Fn,
    private readonly size: number,
    private readonly io: LayerIO,
    private readonly ctx: LayerContext,
  ) {}

  forward(n: number): void {
    const count = n * this.size;
    if (this.fn === 'relu') return this.ctx.kernels.relu(this.io.x.ptr, this.io.y.ptr, count);
    const x = this.io.x.data;
    const y = this.io.y.data;
    switch (this.fn) {
      case 'sigmoid':
        for (let q = 0; q < count; q++) y[q] = 1 / (1 + Math.exp(-x[q]));
        break;
      case 'tanh':
        for (let q = 0; q < count; q++) y[q] = Math.tanh(x[q]);
        break;
    }
  }

  backward(n: number): void {
    const { io } = this;
    if (!io.dx) return;
    const count = n * this.size;
    if (this.fn === 'relu') return this.ctx.kernels.reluBackward(io.y.ptr, io.dy.ptr, io.dx.ptr, count);
    const dx = io.dx.data;
    const dy = io.dy.data;
    const y = io.y.data;
    switch (this.fn) {
      case 'sigmoid':
        for (let q = 0; q < count; q++) dx[q] = dy[q] * y[q] * (1 - y[q]);
        break;
      case 'tanh':
        for (let q = 0; q < count; q++) dx[q] = dy[q] * (1 - y[q] * y[q]);
        break;
    }
  }
}
