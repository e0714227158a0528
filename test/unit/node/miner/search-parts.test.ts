import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Architecture } from '../../../../src/arch/ir.js';
import { plannedSeconds, predictAccuracy } from '../../../../src/node/miner/search.js';
import { torchDescription } from '../../../../src/node/miner/torch-description.js';

test('the learning-curve bound: error at least inversely proportional to time, steeper when the curve is', () => {
  // One point: 80% after 10 s, so at best 98% after 100 s.
  assert.ok(Math.abs(predictAccuracy([{ seconds: 10, accuracy: 0.8 }], 100) - 0.98) < 1e-12);
  // Error halved from 10 s to 20 s (exponent 1, made 1.5): at 80 s the error is 0.1 / 4^1.5.
  const steep = predictAccuracy(
    [
      { seconds: 10, accuracy: 0.8 },
      { seconds: 20, accuracy: 0.9 },
    ],
    80,
  );
  assert.ok(Math.abs(steep - (1 - 0.1 / 8)) < 1e-12);
  // A flat or worsening stretch still gets the inverse-time bound, and no time left gives the accuracy itself.
  const flat = [
    { seconds: 10, accuracy: 0.9 },
    { seconds: 20, accuracy: 0.85 },
  ];
  assert.ok(Math.abs(predictAccuracy(flat, 40) - (1 - 0.15 / 2)) < 1e-12);
  assert.ok(Math.abs(predictAccuracy(flat, 20) - 0.85) < 1e-12);
});

test("the finalist's run ends where its learning curve meets the falling threshold, within the budget", () => {
  // 90% after 10 s: the unsteepened curve is 1 - 0.1 * 10 / (10 + s).
  const curve = [{ seconds: 10, accuracy: 0.9 }];
  // A threshold of 98% falling 5 bp/s: 1 - 1/(10+s) >= 0.98 - 0.0005 s first at s = 23 (0.96970 >= 0.96850; at
  // 22 s, 0.96875 < 0.96900).
  assert.equal(
    plannedSeconds(curve, 100, (s) => 9800 - 5 * s),
    23,
  );
  // Never shorter than 5 s, and the whole remaining budget when the curve never meets the threshold.
  assert.equal(
    plannedSeconds(curve, 100, () => 0),
    5,
  );
  assert.equal(
    plannedSeconds(curve, 40, () => 9999),
    40,
  );
  assert.equal(
    plannedSeconds(curve, 0.2, () => 9999),
    1,
  );
});

test("the PyTorch description pads 'same' convolutions as TF does and names each tensor's state_dict key", () => {
  const arch: Architecture = {
    input: { kind: 'image', h: 28, w: 28, c: 1 },
    classes: 10,
    layers: [
      { type: 'conv2d', filters: 4, kernel: 3, stride: 2, padding: 'same' },
      { type: 'batchNorm' },
      { type: 'conv2d', filters: 2, kernel: 3, stride: 1, padding: 'same' },
      { type: 'conv2d', filters: 2, kernel: 3, stride: 1, padding: 'valid' },
      { type: 'flatten' },
      { type: 'dense', units: 10 },
    ],
  };
  const d = torchDescription(arch);
  assert.deepEqual(
    d.modules.map((m) => m.type),
    ['ZeroPad2d', 'Conv2d', 'BatchNorm2d', 'ZeroPad2d', 'Conv2d', 'Conv2d', 'Flatten', 'Linear'],
  );
  // 28 -> 14 with k 3, stride 2: one row and column of padding in all, after (TF puts the odd one at the end).
  assert.deepEqual(d.modules[0], { type: 'ZeroPad2d', padding: [0, 1, 0, 1] });
  assert.deepEqual(d.modules[3], { type: 'ZeroPad2d', padding: [1, 1, 1, 1] });
  assert.deepEqual(d.modules[7], { type: 'Linear', in_features: 2 * 12 * 12, out_features: 10 });
  assert.deepEqual(
    d.params.map((p) => p.key),
    [
      '1.weight',
      '1.bias',
      '2.weight',
      '2.bias',
      '2.running_mean',
      '2.running_var',
      '4.weight',
      '4.bias',
      '5.weight',
      '5.bias',
      '7.weight',
      '7.bias',
    ],
  );
});
