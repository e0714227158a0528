// Max pooling, square window, no padding (a partial window at the edge is dropped). Backward routes
// each window's gradient to the first input (row by row) equal to the window's maximum.
import type { Shape } from '../../arch/ir.js';
import type { Layer, LayerContext, LayerIO } from './layer.js';

type Image = Extract<Shape, { kind: 'image' }>;

export class MaxPool2d implements Layer {
  constructor(
    private readonly size: number,
    private readonly stride: number,
    private readonly input: Image,
    private readonly output: Image,
    private readonly io: LayerIO,
    private readonly ctx: LayerContext,
  ) {}

  forward(n: number): void {
    const { input: i, output: o, io } = this;
    this.ctx.kernels.maxPool(io.x.ptr, n * i.c, i.h, i.w, this.size, this.stride, o.h, o.w, io.y.ptr);
  }

  backward(n: number): void {
    const { input: i, output: o, io } = this;
    if (!io.dx) return;
    this.ctx.kernels.maxPoolBackward(
      io.x.ptr,
      io.y.ptr,
      io.dy.ptr,
      n * i.c,
      i.h,
      i.w,
      this.size,
      this.stride,
      o.h,
      o.w,
      io.dx.ptr,
    );
  }
}
