// A small learnable problem for trainer tests: 8x8 one-channel images whose class is the quadrant
// holding a bright blob, over faint noise.
import type { Architecture } from '../../../../src/arch/ir.js';
import type { Split } from '../../../../src/ml/data/split.js';
import { Random } from '../../../../src/ml/tensor/random.js';

export const SIDE = 8;

export function quadrants(count: number, seed: number): Split {
  const random = new Random(seed);
  const x = new Float32Array(count * SIDE * SIDE);
  const y = new Uint8Array(count);
  for (let s = 0; s < count; s++) {
    const label = random.nextU32() % 4;
    y[s] = label;
    const [top, left] = [label < 2 ? 0 : SIDE / 2, label % 2 === 0 ? 0 : SIDE / 2];
    const [cy, cx] = [top + 1 + (random.nextU32() % 2), left + 1 + (random.nextU32() % 2)];
    for (let i = 0; i < SIDE * SIDE; i++) x[s * SIDE * SIDE + i] = 0.2 * random.float();
    for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) x[s * SIDE * SIDE + (cy + dy) * SIDE + cx + dx] = 1;
  }
  return { x, y, count };
}

/** Every layer type the trainer runs, in one network. */
export const SMALL_CNN: Architecture = {
  input: { kind: 'image', h: SIDE, w: SIDE, c: 1 },
  classes: 4,
  layers: [
    { type: 'conv2d', filters: 6, kernel: 3, stride: 1, padding: 'same' },
    { type: 'batchNorm' },
    { type: 'activation', fn: 'relu' },
    { type: 'maxPool2d', size: 2, stride: 2 },
    { type: 'conv2d', filters: 8, kernel: 3, stride: 2, padding: 'valid' },
    { type: 'activation', fn: 'tanh' },
    { type: 'avgPool2d', size: 1, stride: 1 },
    { type: 'flatten' },
    { type: 'dropout', rate: 0.1 },
    { type: 'dense', units: 16 },
    { type: 'activation', fn: 'sigmoid' },
    { type: 'dense', units: 4 },
  ],
};
