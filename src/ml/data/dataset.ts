// A data set: a classification problem with its train, validation and (optionally) test splits.
import { CodedError } from '../../base/coded-error.js';
import type { Shape } from '../../arch/ir.js';
import type { Split } from './split.js';

export type Metric = 'accuracy' | 'macro-f1';

export const METRICS: readonly Metric[] = ['accuracy', 'macro-f1'];

export interface Dataset {
  name: string;
  /** Shape of one sample; every split's x holds count * shapeSize(input) floats. */
  input: Shape;
  classes: number;
  metric: Metric;
  train: Split;
  validation: Split;
  test?: Split;
}

export type SplitName = 'train' | 'validation' | 'test';

/** A data file or manifest that cannot be used; the message names the file. */
export class DatasetError extends CodedError<'invalid-dataset'> {
  constructor(message: string) {
    super('invalid-dataset', message, message);
  }
}

/** Rejects labels outside 0..classes-1 so that a bad file fails on load, not deep inside training. */
export function checkLabels(y: Uint8Array, classes: number, file: string): void {
  for (let i = 0; i < y.length; i++) {
    if (y[i] >= classes)
      throw new DatasetError(`${file}: label ${y[i]} of sample ${i} is not below ${classes} classes`);
  }
}

/** The samples first..first+count-1 of a split, as views (no copy). */
export function sliceSplit(split: Split, first: number, count: number): Split {
  const size = split.x.length / split.count;
  return {
    x: split.x.subarray(first * size, (first + count) * size),
    y: split.y.subarray(first, first + count),
    count,
  };
}
