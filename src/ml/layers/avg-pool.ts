// Average pooling, square window, no padding; and global average pooling, one window per channel.
import type { Shape } from '../../arch/ir.js';
import type { Layer, LayerIO } from './layer.js';

type Image = Extract<Shape, { kind: 'image' }>;

export class AvgPool2d implements Layer {
  constructor(
    private readonly size: number,
    private readonly stride: number,
    private readonly input: Image,
    private readonly output: Image,
    private readonly io: LayerIO,
  ) {}

  forward(n: number): void {
    const { size, stride, input: i, output: o } = this;
    const x = this.io.x.data;
    const y = this.io.y.data;
    const scale = 1 / (size * size);
    let out = 0;
    for (let plane = 0; plane < n * i.c; plane++) {
      const base = plane * i.h * i.w;
      for (let oy = 0; oy < o.h; oy++) {
        for (let ox = 0; ox < o.w; ox++) {
          let sum = 0;
          for (let ky = 0; ky < size; ky++) {
            const row = base + (oy * stride + ky) * i.w + ox * stride;
            for (let kx = 0; kx < size; kx++) sum += x[row + kx];
          }
          y[out++] = sum * scale;
        }
      }
    }
  }

  backward(n: number): void {
    if (!this.io.dx) return;
    const { size, stride, input: i, output: o } = this;
    const dx = this.io.dx.data;
    const dy = this.io.dy.data;
    const scale = 1 / (size * size);
    dx.fill(0, 0, n * i.c * i.h * i.w);
    let out = 0;
    for (let plane = 0; plane < n * i.c; plane++) {
      const base = plane * i.h * i.w;
      for (let oy = 0; oy < o.h; oy++) {
        for (let ox = 0; ox < o.w; ox++) {
          const g = dy[out++] * scale;
          for (let ky = 0; ky < size; ky++) {
            const row = base + (oy * stride + ky) * i.w + ox * stride;
            for (let kx = 0; kx < size; kx++) dx[row + kx] += g;
          }
        }
      }
    }
  }
}

export class GlobalAvgPool implements Layer {
  constructor(
    private readonly input: Image,
    private readonly io: LayerIO,
  ) {}

  forward(n: number): void {
    const area = this.input.h * this.input.w;
    const x = this.io.x.data;
    const y = this.io.y.data;
    for (let plane = 0; plane < n * this.input.c; plane++) {
      let sum = 0;
      for (let q = plane * area, end = q + area; q < end; q++) sum += x[q];
      y[plane] = sum / area;
    }
  }

  backward(n: number): void {
    if (!this.io.dx) return;
    const area = this.input.h * this.input.w;
    const dx = this.io.dx.data;
    const dy = this.io.dy.data;
    for (let plane = 0; plane < n * this.input.c; plane++) dx.fill(dy[plane] / area, plane * area, (plane + 1) * area);
  }
}
