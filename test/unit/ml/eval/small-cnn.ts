// A small random CNN on 28×28 digits, for the tests that compare an evaluator on threads with the in-process one.
import { randomModel } from '../../../../src/ml/model/random-model.js';

export const smallCnn = randomModel(
  {
    input: { kind: 'image', h: 28, w: 28, c: 1 },
    classes: 10,
    layers: [
      { type: 'conv2d', filters: 4, kernel: 3, stride: 2, padding: 'same' },
      { type: 'activation', fn: 'tanh' },
      { type: 'flatten' },
      { type: 'dense', units: 10 },
    ],
  },
  11,
);
