import { readFileSync } from 'node:fs';
import type { Architecture } from '../../../src/arch/ir.js';
import { decodeModel, encodeModel } from '../../../src/ml/model/codec.js';
import { ModelFileError, type Model } from '../../../src/ml/model/model.js';
import { canonicalWeights } from '../../../src/ml/model/codec.js';
import { randomModel } from '../../../src/ml/model/random-model.js';
import type { Target } from '../harness.js';

const ARCHS: Architecture[] = [
  {
    input: { kind: 'flat', n: 4 },
    classes: 2,
    layers: [
      { type: 'dense', units: 3 },
      { type: 'activation', fn: 'relu' },
      { type: 'dropout', rate: 0.5 },
      { type: 'batchNorm' },
      { type: 'dense', units: 2 },
    ],
  },
  {
    input: { kind: 'image', h: 6, w: 6, c: 1 },
    classes: 3,
    layers: [
      { type: 'conv2d', filters: 2, kernel: 3, stride: 1, padding: 'same' },
      { type: 'batchNorm' },
      { type: 'activation', fn: 'tanh' },
      { type: 'maxPool2d', size: 2, stride: 2 },
      { type: 'avgPool2d', size: 1, stride: 1 },
      { type: 'flatten' },
      { type: 'dense', units: 3 },
    ],
  },
  {
    input: { kind: 'image', h: 5, w: 5, c: 2 },
    classes: 2,
    layers: [
      { type: 'conv2d', filters: 3, kernel: 3, stride: 2, padding: 'valid' },
      { type: 'activation', fn: 'sigmoid' },
      { type: 'dropout', rate: 0 },
      { type: 'globalAvgPool' },
      { type: 'dense', units: 2 },
    ],
  },
  { input: { kind: 'flat', n: 1 }, classes: 1, layers: [{ type: 'dense', units: 1 }] },
];

function seedModels(): Model[] {
  const models = ARCHS.map((arch, i) => randomModel(arch, i + 1));
  models[1] = {
    ...models[1],
    grammarId: new Uint8Array(32).fill(0xd7),
    phenotype: 'conv 2 3 1 same bn tanh maxpool 2 2',
  };
  models[2] = { ...models[2], phenotype: 'é ✓ 𝄞' };
  for (const m of models) canonicalWeights(m.params);
  return models;
}

export const modelTarget: Target<Model> = {
  name: 'model',
  about: 'decodeModel (src/ml/model/codec.ts): model files fetched from peers and read from disk',
  seeds: () => [
    new Uint8Array(readFileSync(new URL('../../spec/vectors/evaluator/model.cai', import.meta.url))),
    ...seedModels().map(encodeModel),
  ],
  decode: decodeModel,
  isRejection: (err) => err instanceof ModelFileError,
  encode: encodeModel,
  dictionary: ['CAIM'],
  maxInputBytes: 4096,
};
