import { test } from 'node:test';
import assert from 'node:assert/strict';
import { architectureCost, trainSecondsPerEpoch } from '../../../src/arch/cost.js';
import type { Architecture } from '../../../src/arch/ir.js';

// 6x6x1 -> conv 4 3x3 valid (4x4x4) -> bn -> relu -> maxpool 2 (2x2x4) -> flatten (16) -> dense 3.
const arch: Architecture = {
  input: { kind: 'image', h: 6, w: 6, c: 1 },
  classes: 3,
  layers: [
    { type: 'conv2d', filters: 4, kernel: 3, stride: 1, padding: 'valid' },
    { type: 'batchNorm' },
    { type: 'activation', fn: 'relu' },
    { type: 'maxPool2d', size: 2, stride: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 3 },
  ],
};

test('architectureCost counts params, forward FLOPs and memory by hand', () => {
  const params = 4 * 9 + 4 + 4 * 4 + 16 * 3 + 3; // conv weight+bias, bn gamma/beta/mean/variance, dense
  const flops = 2 * 9 * 1 * 64 + 2 * 64 + 64 + 4 * 16 + 0 + 2 * 16 * 3;
  const activations = 36 + 64 + 64 + 64 + 16 + 16 + 3;
  assert.deepEqual(architectureCost(arch, 8), { params, flops, memoryBytes: 4 * (8 * activations + 2 * params) });
});

test('trainSecondsPerEpoch is three forward passes per sample at the given rate', () => {
  const cost = architectureCost(arch, 1);
  assert.equal(trainSecondsPerEpoch(cost, 1000, 1e6), (3 * cost.flops * 1000) / 1e6);
});
