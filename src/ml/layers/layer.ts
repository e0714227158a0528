// What every layer implements. A layer reads its input x and writes its output y (both batch-major,
// each sample in CHW order); backward reads dy, accumulates its parameter gradients and, when the
// network needs it, writes dx. Buffers are sized for the network's largest batch; n <= that.
import type { Kernels } from '../kernels/wasm.js';
import type { Arena } from '../tensor/arena.js';
import type { Random } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';

export interface Layer {
  forward(n: number, training: boolean): void;
  backward(n: number): void;
}

export interface LayerIO {
  x: Tensor;
  y: Tensor;
  /** Null where no gradient flows back (the network's input). */
  dx: Tensor | null;
  dy: Tensor;
}

export interface LayerContext {
  arena: Arena;
  kernels: Kernels;
  maxBatch: number;
  /** Dropout masks. */
  random: Random;
}

/** A parameter tensor (a slice of the network's flat parameters) and its gradient, same layout. */
export interface Param {
  value: Tensor;
  grad: Tensor;
}
