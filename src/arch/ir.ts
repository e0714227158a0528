// The architecture IR: the contract between the grammar (which derives it from a work hash) and the
// ML engine (which trains and evaluates it). Pure data; consensus-critical. See docs/PROTOCOL.md.
import { CodedError } from '../base/coded-error.js';

export type Activation = 'relu' | 'sigmoid' | 'tanh';

/** An activation tensor's shape per sample. Image tensors are stored channel-major (C, H, W). */
export type Shape = { kind: 'image'; h: number; w: number; c: number } | { kind: 'flat'; n: number };

export type Padding = 'same' | 'valid';

export type Layer =
  /** 2-D convolution, square kernel. Params: weight [filters, inC, k, k], bias [filters]. */
  | { type: 'conv2d'; filters: number; kernel: number; stride: number; padding: Padding }
  /** Max or average pooling, square window, no padding (a partial window at the edge is dropped). */
  | { type: 'maxPool2d' | 'avgPool2d'; size: number; stride: number }
  /** Mean over H and W per channel: image (H, W, C) -> flat C. */
  | { type: 'globalAvgPool' }
  /** Batch normalisation per channel (image) or per feature (flat). Params: gamma, beta, mean, variance [C]. */
  | { type: 'batchNorm' }
  /** Inverted dropout while training; identity when evaluating. rate in [0, 1). */
  | { type: 'dropout'; rate: number }
  /** Image (C, H, W) -> flat C*H*W in that order. */
  | { type: 'flatten' }
  /** Fully connected. Params: weight [units, inN] (row-major), bias [units]. */
  | { type: 'dense'; units: number }
  | { type: 'activation'; fn: Activation };

/**
 * A legal architecture: every layer accepts the shape the previous one yields (see inferShapes).
 * The last layer is a dense of `classes` units producing logits; softmax belongs to the loss.
 */
export interface Architecture {
  input: Shape;
  classes: number;
  layers: Layer[];
}

export const BATCH_NORM_EPSILON = 1e-5;

export class ArchitectureError extends CodedError<'invalid-architecture'> {
  constructor(message: string) {
    super('invalid-architecture', message, message);
  }
}

/** Output side of a convolution: TF/Keras convention. */
export function convOutSide(inSide: number, kernel: number, stride: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(inSide / stride) : Math.floor((inSide - kernel) / stride) + 1;
}

/** Padding before (top/left) for 'same' convolution; the remainder goes after. 0 for 'valid'. */
export function convPadBefore(inSide: number, kernel: number, stride: number, padding: Padding): number {
  if (padding === 'valid') return 0;
  const out = convOutSide(inSide, kernel, stride, padding);
  return Math.floor(Math.max((out - 1) * stride + kernel - inSide, 0) / 2);
}

export function poolOutSide(inSide: number, size: number, stride: number): number {
  return Math.floor((inSide - size) / stride) + 1;
}

/** The shape after one layer, or an ArchitectureError if the layer cannot take that input. */
export function layerOutputShape(layer: Layer, input: Shape): Shape {
  switch (layer.type) {
    case 'conv2d': {
      const s = requireImage(layer, input);
      const h = convOutSide(s.h, layer.kernel, layer.stride, layer.padding);
      const w = convOutSide(s.w, layer.kernel, layer.stride, layer.padding);
      if (h < 1 || w < 1) throw new ArchitectureError(`conv2d k=${layer.kernel} does not fit ${s.h}x${s.w}`);
      return { kind: 'image', h, w, c: layer.filters };
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const s = requireImage(layer, input);
      const h = poolOutSide(s.h, layer.size, layer.stride);
      const w = poolOutSide(s.w, layer.size, layer.stride);
      if (h < 1 || w < 1) throw new ArchitectureError(`${layer.type} ${layer.size} does not fit ${s.h}x${s.w}`);
      return { kind: 'image', h, w, c: s.c };
    }
    case 'globalAvgPool':
      return { kind: 'flat', n: requireImage(layer, input).c };
    case 'flatten': {
      const s = requireImage(layer, input);
      return { kind: 'flat', n: s.c * s.h * s.w };
    }
    case 'dense':
      if (input.kind !== 'flat') throw new ArchitectureError('dense needs a flat input: insert flatten');
      return { kind: 'flat', n: layer.units };
    case 'batchNorm':
    case 'dropout':
    case 'activation':
      return input;
  }
}

function requireImage(layer: Layer, input: Shape): Extract<Shape, { kind: 'image' }> {
  if (input.kind !== 'image') throw new ArchitectureError(`${layer.type} needs an image input`);
  return input;
}

/** Shapes before the first layer and after each: result[i] is layer i's input, result[n] the output. */
export function inferShapes(arch: Architecture): Shape[] {
  const shapes: Shape[] = [arch.input];
  for (const layer of arch.layers) shapes.push(layerOutputShape(layer, shapes[shapes.length - 1]));
  const out = shapes[shapes.length - 1];
  if (out.kind !== 'flat' || out.n !== arch.classes) {
    throw new ArchitectureError(`architecture must end in ${arch.classes} logits`);
  }
  return shapes;
}

export function shapeSize(s: Shape): number {
  return s.kind === 'flat' ? s.n : s.c * s.h * s.w;
}

/** Channels a per-channel layer (batchNorm) sees: C of an image, n of a flat vector. */
export function shapeChannels(s: Shape): number {
  return s.kind === 'flat' ? s.n : s.c;
}

/** One parameter tensor of a layer, in canonical order (the model file stores them in this order). */
export interface ParamSpec {
  layer: number;
  name: 'weight' | 'bias' | 'gamma' | 'beta' | 'mean' | 'variance';
  shape: number[];
}

/** Every parameter tensor of the architecture, layer by layer, in canonical order. */
export function paramSpecs(arch: Architecture): ParamSpec[] {
  const shapes = inferShapes(arch);
  const specs: ParamSpec[] = [];
  arch.layers.forEach((layer, i) => {
    const input = shapes[i];
    if (layer.type === 'conv2d') {
      const inC = shapeChannels(input);
      specs.push({ layer: i, name: 'weight', shape: [layer.filters, inC, layer.kernel, layer.kernel] });
      specs.push({ layer: i, name: 'bias', shape: [layer.filters] });
    } else if (layer.type === 'dense') {
      specs.push({ layer: i, name: 'weight', shape: [layer.units, shapeSize(input)] });
      specs.push({ layer: i, name: 'bias', shape: [layer.units] });
    } else if (layer.type === 'batchNorm') {
      const c = shapeChannels(input);
      for (const name of ['gamma', 'beta', 'mean', 'variance'] as const) specs.push({ layer: i, name, shape: [c] });
    }
  });
  return specs;
}

export function paramCount(arch: Architecture): number {
  return paramSpecs(arch).reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
}
