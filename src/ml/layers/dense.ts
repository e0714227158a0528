// Fully connected: y[n, U] = x[n, In] W[U, In]^T + b.
import type { Layer, LayerContext, LayerIO, Param } from './layer.js';

export class Dense implements Layer {
  constructor(
    private readonly inputs: number,
    private readonly units: number,
    private readonly io: LayerIO,
    private readonly weight: Param,
    private readonly bias: Param,
    private readonly ctx: LayerContext,
  ) {}

  forward(n: number): void {
    const { inputs, units, io } = this;
    const y = io.y.data;
    const b = this.bias.value.data;
    for (let s = 0; s < n; s++) y.set(b, s * units);
    this.ctx.kernels.gemmNT(n, units, inputs, io.x.ptr, inputs, this.weight.value.ptr, inputs, io.y.ptr, units, true);
  }

  backward(n: number): void {
    const { inputs, units, io, ctx } = this;
    ctx.kernels.gemm(units, inputs, n, io.dy.ptr, 1, units, io.x.ptr, inputs, this.weight.grad.ptr, inputs, true);
    const dy = io.dy.data;
    const db = this.bias.grad.data;
    for (let s = 0; s < n; s++) for (let u = 0; u < units; u++) db[u] += dy[s * units + u];
    if (io.dx)
      ctx.kernels.gemm(n, inputs, units, io.dy.ptr, units, 1, this.weight.value.ptr, inputs, io.dx.ptr, inputs, false);
  }
}
