// One part of a data set (train, validation or test), held in memory as the engine consumes it.

export interface Split {
  /** count samples of C*H*W floats each, in CHW order (the IR's layout), values in [0, 1]. */
  x: Float32Array;
  /** One class label per sample, each below the data set's class count. */
  y: Uint8Array;
  count: number;
}
