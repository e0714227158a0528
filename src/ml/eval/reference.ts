// The consensus forward pass written plainly in TypeScript, straight from docs/PROTOCOL.md 4.3: the
// reference that the fast WebAssembly evaluator (forward.ts) is tested against bit for bit. Float64
// throughout, weights and inputs widened exactly from float32, each layer computed in the order its
// op file documents. Dropout and flatten leave the values as they are (flatten's CHW order is the
// storage order). Buffers are allocated once per model.
import { inferShapes, paramSpecs, shapeChannels, shapeSize, type Shape } from '../../arch/ir.js';
import type { Model } from '../model/model.js';
import { convStep } from './ops/conv.js';
import { denseStep } from './ops/dense.js';
import { activationStep, batchNormStep } from './ops/pointwise.js';
import { globalAvgPoolStep, poolStep } from './ops/pool.js';
import type { Step } from './ops/step.js';

export interface ReferenceForward {
  /** Logits of the sample at x[offset .. offset + input size); the returned buffer is reused. */
  logits(x: Float32Array, offset: number): Float64Array;
}

export function compileReferenceForward(model: Model): ReferenceForward {
  const { arch } = model;
  const shapes = inferShapes(arch);
  const params = new Map<string, Float64Array>();
  paramSpecs(arch).forEach((s, k) => params.set(`${s.layer}.${s.name}`, Float64Array.from(model.params[k])));
  const param = (layer: number, name: string) => params.get(`${layer}.${name}`)!;
  const steps: Step[] = [];
  arch.layers.forEach((layer, i) => {
    const input = shapes[i];
    switch (layer.type) {
      case 'conv2d':
        steps.push(convStep(layer, image(input), param(i, 'weight'), param(i, 'bias')));
        break;
      case 'maxPool2d':
      case 'avgPool2d':
        steps.push(poolStep(layer.type === 'maxPool2d' ? 'max' : 'avg', layer.size, layer.stride, image(input)));
        break;
      case 'globalAvgPool':
        steps.push(globalAvgPoolStep(image(input)));
        break;
      case 'batchNorm':
        steps.push(
          batchNormStep(
            shapeSize(input),
            shapeChannels(input),
            param(i, 'gamma'),
            param(i, 'beta'),
            param(i, 'mean'),
            param(i, 'variance'),
          ),
        );
        break;
      case 'dense':
        steps.push(denseStep(layer.units, shapeSize(input), param(i, 'weight'), param(i, 'bias')));
        break;
      case 'activation':
        steps.push(activationStep(layer.fn, shapeSize(input)));
        break;
      case 'dropout':
      case 'flatten':
        break;
    }
  });
  const inputSize = shapeSize(arch.input);
  const input = new Float64Array(inputSize);
  return {
    logits(x, offset) {
      for (let i = 0; i < inputSize; i++) input[i] = x[offset + i];
      let cur: Float64Array = input;
      for (const step of steps) {
        step.run(cur);
        cur = step.out;
      }
      return cur;
    },
  };
}

function image(s: Shape): Extract<Shape, { kind: 'image' }> {
  if (s.kind !== 'image') throw new Error('unreachable: inferShapes checked the layer takes an image');
  return s;
}
