// Max pooling, square window, no padding. Forward remembers which input won each window (the first
// maximum) so that backward routes the gradient there.
import type { Shape } from '../../arch/ir.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Layer, LayerContext, LayerIO } from './layer.js';

type Image = Extract<Shape, { kind: 'image' }>;

export class MaxPool2d implements Layer {
  /** i32 per output: the index of its maximum within the batch's input. */
  private readonly argmax: Tensor;

  constructor(
    private readonly size: number,
    private readonly stride: number,
    private readonly input: Image,
    private readonly output: Image,
    private readonly io: LayerIO,
    private readonly ctx: LayerContext,
  ) {
    this.argmax = ctx.arena.alloc(ctx.maxBatch * output.c * output.h * output.w);
  }

  forward(n: number): void {
    const { input: i, output: o, io } = this;
    this.ctx.kernels.maxPool(io.x.ptr, n * i.c, i.h, i.w, this.size, this.stride, o.h, o.w, io.y.ptr, this.argmax.ptr);
  }

  backward(n: number): void {
    if (!this.io.dx) return;
    const { input: i, output: o } = this;
    this.ctx.kernels.maxPoolBackward(this.io.dy.ptr, this.argmax.ptr, n * o.c * o.h * o.w, this.io.dx.ptr, n * i.c * i.h * i.w);
  }
}
