// Image (C, H, W) to flat C*H*W: the memory layout is already that order, so this is a copy.
import type { Layer, LayerIO } from './layer.js';

export class Flatten implements Layer {
  constructor(
    private readonly size: number,
    private readonly io: LayerIO,
  ) {}

  forward(n: number): void {
    this.io.y.data.set(this.io.x.data.subarray(0, n * this.size));
  }

  backward(n: number): void {
    this.io.dx?.data.set(this.io.dy.data.subarray(0, n * this.size));
  }
}
