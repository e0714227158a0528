// The cost model (pure): how big and how slow an architecture is, so a miner can skip one over its budget.
import { inferShapes, paramCount, shapeSize, type Architecture, type Layer, type Shape } from './ir.js';

const FLOAT_BYTES = 4;

/** Forward FLOP/s assumed for training estimates when the caller has not measured its machine. */
export const DEFAULT_FLOPS_PER_SECOND = 1e9;

/** A backward pass costs about twice the forward pass. */
const TRAIN_FLOPS_PER_FORWARD_FLOP = 3;

export interface Cost {
  params: number;
  /** Forward floating-point operations per sample. */
  flops: number;
  /** Float32 bytes at the batch size: every layer's input and output kept for backprop, plus weights and gradients. */
  memoryBytes: number;
}

export function architectureCost(arch: Architecture, batch: number): Cost {
  const shapes = inferShapes(arch);
  const params = paramCount(arch);
  const flops = arch.layers.reduce((sum, layer, i) => sum + layerFlops(layer, shapes[i], shapes[i + 1]), 0);
  const activations = shapes.reduce((sum, s) => sum + shapeSize(s), 0);
  return { params, flops, memoryBytes: FLOAT_BYTES * (batch * activations + 2 * params) };
}

/** Estimated seconds to train one epoch of `samples` at `flopsPerSecond` (forward + backward). */
export function trainSecondsPerEpoch(cost: Cost, samples: number, flopsPerSecond = DEFAULT_FLOPS_PER_SECOND): number {
  return (TRAIN_FLOPS_PER_FORWARD_FLOP * cost.flops * samples) / flopsPerSecond;
}

/** Forward FLOPs of one layer for one sample: a multiply and an add count as two. */
export function layerFlops(layer: Layer, input: Shape, output: Shape): number {
  const out = shapeSize(output);
  switch (layer.type) {
    case 'conv2d':
      // k*k*inC multiplies and as many adds (the bias included) per output.
      return 2 * layer.kernel * layer.kernel * (input.kind === 'image' ? input.c : 1) * out;
    case 'dense':
      return 2 * shapeSize(input) * out;
    case 'maxPool2d':
    case 'avgPool2d':
      return layer.size * layer.size * out;
    case 'globalAvgPool':
      return shapeSize(input);
    case 'batchNorm':
      return 2 * out;
    case 'activation':
      return out;
    case 'dropout':
    case 'flatten':
      return 0;
  }
}
