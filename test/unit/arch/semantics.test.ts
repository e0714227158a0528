import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { inferShapes, type Shape } from '../../../src/arch/ir.js';
import { phenotypeToArchitecture } from '../../../src/arch/semantics.js';
import { PhenotypeError } from '../../../src/arch/semantics-statements.js';

const image = (side: number): Shape => ({ kind: 'image', h: side, w: side, c: 1 });
const layers = (phenotype: string, input: Shape, classes = 10) => {
  const arch = phenotypeToArchitecture(phenotype.split(' '), input, classes);
  inferShapes(arch);
  return arch.layers;
};

describe('phenotypeToArchitecture', () => {
  test('maps statements to layers in order and appends flatten and the class layer', () => {
    assert.deepEqual(layers('conv 8 3 2 same bn relu avgpool 2 2 dropout 0.25', image(28)), [
      { type: 'conv2d', filters: 8, kernel: 3, stride: 2, padding: 'same' },
      { type: 'batchNorm' },
      { type: 'activation', fn: 'relu' },
      { type: 'avgPool2d', size: 2, stride: 2 },
      { type: 'dropout', rate: 0.25 },
      { type: 'flatten' },
      { type: 'dense', units: 10 },
    ]);
  });

  test('inserts flatten before the first dense on an image; keeps gap', () => {
    assert.deepEqual(
      layers('dense 16 tanh', image(4)).map((l) => l.type),
      ['flatten', 'dense', 'activation', 'dense'],
    );
    assert.deepEqual(
      layers('gap dense 16', image(4)).map((l) => l.type),
      ['globalAvgPool', 'dense', 'dense'],
    );
  });

  test('skips a conv or pool that does not fit, and image statements on flat input', () => {
    assert.deepEqual(layers('conv 8 5 1 valid maxpool 4 2 conv 4 3 1 same', image(3)), [
      { type: 'conv2d', filters: 4, kernel: 3, stride: 1, padding: 'same' },
      { type: 'flatten' },
      { type: 'dense', units: 10 },
    ]);
    assert.deepEqual(layers('conv 8 3 1 same maxpool 2 2 gap flatten bn sigmoid', { kind: 'flat', n: 30 }, 2), [
      { type: 'batchNorm' },
      { type: 'activation', fn: 'sigmoid' },
      { type: 'dense', units: 2 },
    ]);
  });

  test('skips image statements once the image is flattened', () => {
    const types = layers('flatten conv 8 3 1 same gap dense 4', image(5)).map((l) => l.type);
    assert.deepEqual(types, ['flatten', 'dense', 'dense']);
  });

  for (const [phenotype, message] of [
    ['conv 8 3 1', /padding was expected/],
    ['conv 8 3 1 middle', /padding must be same or valid/],
    ['dense 0', /units must be a positive integer/],
    ['dropout 1', /dropout rate must be a decimal in \[0, 1\)/],
    ['relu softmax', /terminal 2: unknown statement "softmax"/],
  ] as const) {
    test(`rejects "${phenotype}"`, () => {
      assert.throws(
        () => phenotypeToArchitecture(phenotype.split(' '), image(8), 10),
        (e: unknown) => e instanceof PhenotypeError && message.test(e.message),
      );
    });
  }
});
