// The architecture as PyTorch modules, for external trainers (docs/TRAINERS.md): an nn.Sequential of these, in
// order, computes what the exact evaluator computes, and `params` says which state_dict entry holds each tensor of
// the model file, in the file's order. TF-style 'same' padding (the extra row and column after) becomes an explicit
// ZeroPad2d, since PyTorch's Conv2d pads both sides alike.
import {
  BATCH_NORM_EPSILON,
  convOutSide,
  convPadBefore,
  inferShapes,
  paramSpecs,
  shapeChannels,
  shapeSize,
  type Architecture,
  type ParamSpec,
} from '../../arch/ir.js';

export type TorchModule =
  | { readonly type: 'ZeroPad2d'; readonly padding: readonly [number, number, number, number] }
  | {
      readonly type: 'Conv2d';
      readonly in_channels: number;
      readonly out_channels: number;
      readonly kernel_size: number;
      readonly stride: number;
    }
  | { readonly type: 'MaxPool2d' | 'AvgPool2d'; readonly kernel_size: number; readonly stride: number }
  | { readonly type: 'AdaptiveAvgPool2d'; readonly output_size: 1 }
  | { readonly type: 'BatchNorm1d' | 'BatchNorm2d'; readonly num_features: number; readonly eps: number }
  | { readonly type: 'Dropout'; readonly p: number }
  | { readonly type: 'Flatten' }
  | { readonly type: 'Linear'; readonly in_features: number; readonly out_features: number }
  | { readonly type: 'ReLU' | 'Sigmoid' | 'Tanh' };

export interface TorchDescription {
  readonly modules: readonly TorchModule[];
  /** One entry per tensor of the model file, in its order: the state_dict key and the shape. */
  readonly params: readonly { readonly key: string; readonly shape: readonly number[] }[];
}

const STATE_NAMES: Record<ParamSpec['name'], string> = {
  weight: 'weight',
  bias: 'bias',
  gamma: 'weight',
  beta: 'bias',
  mean: 'running_mean',
  variance: 'running_var',
};

export function torchDescription(arch: Architecture): TorchDescription {
  const shapes = inferShapes(arch);
  const modules: TorchModule[] = [];
  /** The Sequential index of each IR layer's parameterised module. */
  const moduleOf: number[] = [];
  arch.layers.forEach((layer, i) => {
    const input = shapes[i];
    switch (layer.type) {
      case 'conv2d': {
        if (input.kind !== 'image') throw new RangeError('conv2d on a flat input');
        const pad = (side: number) => {
          const total = Math.max(
            (convOutSide(side, layer.kernel, layer.stride, layer.padding) - 1) * layer.stride + layer.kernel - side,
            0,
          );
          const before = convPadBefore(side, layer.kernel, layer.stride, layer.padding);
          return [before, layer.padding === 'same' ? total - before : 0] as const;
        };
        const [top, bottom] = pad(input.h);
        const [left, right] = pad(input.w);
        if (top + bottom + left + right > 0) modules.push({ type: 'ZeroPad2d', padding: [left, right, top, bottom] });
        moduleOf[i] = modules.length;
        modules.push({
          type: 'Conv2d',
          in_channels: input.c,
          out_channels: layer.filters,
          kernel_size: layer.kernel,
          stride: layer.stride,
        });
        return;
      }
      case 'maxPool2d':
        modules.push({ type: 'MaxPool2d', kernel_size: layer.size, stride: layer.stride });
        return;
      case 'avgPool2d':
        modules.push({ type: 'AvgPool2d', kernel_size: layer.size, stride: layer.stride });
        return;
      case 'globalAvgPool':
        modules.push({ type: 'AdaptiveAvgPool2d', output_size: 1 }, { type: 'Flatten' });
        return;
      case 'batchNorm':
        moduleOf[i] = modules.length;
        modules.push({
          type: input.kind === 'image' ? 'BatchNorm2d' : 'BatchNorm1d',
          num_features: shapeChannels(input),
          eps: BATCH_NORM_EPSILON,
        });
        return;
      case 'dropout':
        modules.push({ type: 'Dropout', p: layer.rate });
        return;
      case 'flatten':
        modules.push({ type: 'Flatten' });
        return;
      case 'dense':
        moduleOf[i] = modules.length;
        modules.push({ type: 'Linear', in_features: shapeSize(input), out_features: layer.units });
        return;
      case 'activation':
        modules.push({ type: layer.fn === 'relu' ? 'ReLU' : layer.fn === 'sigmoid' ? 'Sigmoid' : 'Tanh' });
        return;
    }
  });
  const params = paramSpecs(arch).map((s) => ({ key: `${moduleOf[s.layer]}.${STATE_NAMES[s.name]}`, shape: s.shape }));
  return { modules, params };
}
