// An optimiser updates the network's flat parameter tensor in place from its gradient, with SIMD
// kernels. Only the learnt segments are touched (batchNorm's running statistics are not learnt), and
// weight decay (L2 added to the gradient, as PyTorch's weight_decay) applies to weights only.
import type { Tensor } from '../tensor/tensor.js';

export interface Segment {
  offset: number;
  length: number;
  decay: boolean;
}

export interface Optimizer {
  step(params: Tensor, grads: Tensor, learningRate: number): void;
}

export type OptimizerName = 'sgd' | 'adam';
export const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'adam'];
