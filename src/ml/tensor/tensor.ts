// A float32 buffer inside a kernel instance's linear memory: kernels take its byte address, JS reads
// and writes it through `data`. Growing the memory detaches old views, so `data` re-creates its view.
export class Tensor {
  private view: Float32Array;

  constructor(
    readonly memory: WebAssembly.Memory,
    /** Byte address in the memory. */
    readonly ptr: number,
    readonly length: number,
  ) {
    this.view = new Float32Array(memory.buffer, ptr, length);
  }

  get data(): Float32Array {
    if (this.view.buffer !== this.memory.buffer)
      this.view = new Float32Array(this.memory.buffer, this.ptr, this.length);
    return this.view;
  }

  /** The floats [offset, offset + length) of this tensor, sharing its memory. */
  slice(offset: number, length: number): Tensor {
    if (offset < 0 || offset + length > this.length)
      throw new RangeError(`slice ${offset}+${length} of ${this.length}`);
    return new Tensor(this.memory, this.ptr + 4 * offset, length);
  }
}
