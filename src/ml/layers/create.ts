// Builds the engine layer for one IR layer, given its input and output shapes and its parameters in
// paramSpecs order.
import type { Layer as LayerSpec, Shape } from '../../arch/ir.js';
import { shapeChannels, shapeSize } from '../../arch/ir.js';
import { Activation } from './activation.js';
import { AvgPool2d, GlobalAvgPool } from './avg-pool.js';
import { BatchNorm } from './batch-norm.js';
import { Conv2d } from './conv2d.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { Flatten } from './flatten.js';
import type { Layer, LayerContext, LayerIO, Param } from './layer.js';
import { MaxPool2d } from './max-pool.js';

export function createLayer(
  spec: LayerSpec,
  input: Shape,
  output: Shape,
  io: LayerIO,
  params: Param[],
  ctx: LayerContext,
): Layer {
  switch (spec.type) {
    case 'conv2d':
      return new Conv2d(spec, image(input), image(output), io, params[0], params[1], ctx);
    case 'maxPool2d':
      return new MaxPool2d(spec.size, spec.stride, image(input), image(output), io, ctx);
    case 'avgPool2d':
      return new AvgPool2d(spec.size, spec.stride, image(input), image(output), io);
    case 'globalAvgPool':
      return new GlobalAvgPool(image(input), io);
    case 'batchNorm': {
      const channels = shapeChannels(input);
      return new BatchNorm(channels, shapeSize(input) / channels, io, params[0], params[1], params[2], params[3], ctx);
    }
    case 'dropout':
      return new Dropout(spec.rate, shapeSize(input), io, ctx);
    case 'flatten':
      return new Flatten(shapeSize(input), io);
    case 'dense':
      return new Dense(shapeSize(input), spec.units, io, params[0], params[1], ctx);
    case 'activation':
      return new Activation(spec.fn, shapeSize(input), io, ctx);
  }
}

function image(s: Shape): Extract<Shape, { kind: 'image' }> {
  if (s.kind !== 'image') throw new Error('expected an image shape');
  return s;
}
