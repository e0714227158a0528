// 2-D convolution as im2col + GEMM, one sample at a time so that the column buffer stays in cache:
// y_s[F, P] = W[F, C*k*k] cols_s[C*k*k, P] + b, with P = outH*outW.
import { convPadBefore, type Shape } from '../../arch/ir.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Layer, LayerContext, LayerIO, Param } from './layer.js';

type Image = Extract<Shape, { kind: 'image' }>;

export class Conv2d implements Layer {
  private readonly cols: Tensor;
  /** A 1x1, stride-1 convolution reads its input as the columns. */
  private readonly direct: boolean;
  private readonly padT: number;
  private readonly padL: number;

  constructor(
    private readonly spec: { kernel: number; stride: number; padding: 'same' | 'valid' },
    private readonly input: Image,
    private readonly output: Image,
    private readonly io: LayerIO,
    private readonly weight: Param,
    private readonly bias: Param,
    private readonly ctx: LayerContext,
  ) {
    const k = spec.kernel;
    this.padT = convPadBefore(input.h, k, spec.stride, spec.padding);
    this.padL = convPadBefore(input.w, k, spec.stride, spec.padding);
    this.direct = k === 1 && spec.stride === 1 && this.padT === 0 && this.padL === 0;
    this.cols = ctx.arena.alloc(this.direct ? 0 : input.c * k * k * output.h * output.w);
  }

  forward(n: number): void {
    const { input: i, output: o, io, ctx } = this;
    const p = o.h * o.w;
    const ckk = i.c * this.spec.kernel * this.spec.kernel;
    const y = io.y.data;
    const b = this.bias.value.data;
    for (let s = 0; s < n; s++) {
      const xs = io.x.ptr + 4 * s * i.c * i.h * i.w;
      const ys = s * o.c * p;
      for (let f = 0; f < o.c; f++) y.fill(b[f], ys + f * p, ys + (f + 1) * p);
      const cols = this.columns(xs);
      ctx.kernels.gemm(o.c, p, ckk, this.weight.value.ptr, ckk, 1, cols, p, io.y.ptr + 4 * ys, p, true);
    }
  }

  backward(n: number): void {
    const { input: i, output: o, io, ctx, spec } = this;
    const p = o.h * o.w;
    const ckk = i.c * spec.kernel * spec.kernel;
    const inSize = i.c * i.h * i.w;
    for (let s = 0; s < n; s++) {
      const xs = io.x.ptr + 4 * s * inSize;
      const dys = s * o.c * p;
      const cols = this.columns(xs);
      ctx.kernels.gemmNT(o.c, ckk, p, io.dy.ptr + 4 * dys, p, cols, p, this.weight.grad.ptr, ckk, true);
      ctx.kernels.addRowSums(io.dy.ptr + 4 * dys, o.c, p, this.bias.grad.ptr);
      if (!io.dx) continue;
      const dxs = io.dx.ptr + 4 * s * inSize;
      const dCols = this.direct ? dxs : this.cols.ptr;
      ctx.kernels.gemm(ckk, p, o.c, this.weight.value.ptr, 1, ckk, io.dy.ptr + 4 * dys, p, dCols, p, false);
      if (this.direct) continue;
      io.dx.data.fill(0, s * inSize, (s + 1) * inSize);
      ctx.kernels.col2im(dCols, i.c, i.h, i.w, spec.kernel, spec.stride, this.padT, this.padL, o.h, o.w, dxs);
    }
  }

  /** The address of sample xs's columns. */
  private columns(xs: number): number {
    if (this.direct) return xs;
    const { input: i, output: o, spec } = this;
    this.ctx.kernels.im2col(xs, i.c, i.h, i.w, spec.kernel, spec.stride, this.padT, this.padL, o.h, o.w, this.cols.ptr);
    return this.cols.ptr;
  }
}
