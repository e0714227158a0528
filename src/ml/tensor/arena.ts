// Hands out tensors from one kernel instance's linear memory, bump-allocated once per network and
// batch size and never freed, so that no training step allocates.
import type { Kernels } from '../kernels/wasm.js';
import { Tensor } from './tensor.js';

const PAGE = 65536;
/** 64-byte alignment keeps every tensor on its own cache lines. */
const ALIGN = 64;

export class Arena {
  private top = ALIGN;

  constructor(readonly kernels: Kernels) {}

  /** A zeroed tensor of `length` floats. */
  alloc(length: number): Tensor {
    const ptr = this.top;
    this.top = Math.ceil((ptr + 4 * Math.max(length, 1)) / ALIGN) * ALIGN;
    const memory = this.kernels.memory;
    if (this.top > memory.buffer.byteLength) memory.grow(Math.ceil((this.top - memory.buffer.byteLength) / PAGE));
    return new Tensor(memory, ptr, length);
  }

  get bytes(): number {
    return this.top;
  }
}
