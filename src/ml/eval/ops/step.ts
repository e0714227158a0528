// One layer of the evaluator: reads the previous layer's output, writes its own preallocated buffer.
export interface Step {
  out: Float64Array;
  run(src: Float64Array): void;
}
