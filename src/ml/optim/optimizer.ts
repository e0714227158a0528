// An optimiser updates the flat parameter vector in place from its gradient. Only the learnt
// segments are touched (batchNorm's running statistics are not learnt), and weight decay (L2 added
// to the gradient, as PyTorch's weight_decay) applies to weights only, not to biases or batchNorm.

export interface Segment {
  offset: number;
  length: number;
  decay: boolean;
}

export interface Optimizer {
  step(params: Float32Array, grads: Float32Array, learningRate: number): void;
}

export type OptimizerName = 'sgd' | 'adam';
export const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'adam'];
