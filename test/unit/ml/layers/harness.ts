// Builds one engine layer in isolation, with random input and parameters, for the layer tests.
import {
  layerOutputShape,
  paramSpecs,
  shapeSize,
  type Layer as LayerSpec,
  type Shape,
} from '../../../../src/arch/ir.js';
import { instantiateKernels } from '../../../../src/ml/kernels/wasm.js';
import { createLayer } from '../../../../src/ml/layers/create.js';
import type { Layer, LayerIO, Param } from '../../../../src/ml/layers/layer.js';
import { Arena } from '../../../../src/ml/tensor/arena.js';
import { Random } from '../../../../src/ml/tensor/random.js';

export interface Harness {
  layer: Layer;
  io: LayerIO & { dx: NonNullable<LayerIO['dx']> };
  params: Param[];
  paramNames: string[];
  input: Shape;
  output: Shape;
  random: Random;
}

export function buildLayer(spec: LayerSpec, input: Shape, n: number, seed = 1): Harness {
  const output = layerOutputShape(spec, input);
  const tail: LayerSpec[] = output.kind === 'image' ? [{ type: 'flatten' }] : [];
  const specs = paramSpecs({ input, classes: shapeSize(output), layers: [spec, ...tail] });
  const arena = new Arena(instantiateKernels());
  const random = new Random(seed);
  const alloc = (s: Shape) => arena.alloc(n * shapeSize(s));
  const io = { x: alloc(input), y: alloc(output), dx: alloc(input), dy: alloc(output) };
  const params = specs.map((s) => {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const p = { value: arena.alloc(size), grad: arena.alloc(size) };
    const v = p.value.data;
    for (let i = 0; i < size; i++) {
      v[i] = s.name === 'gamma' || s.name === 'variance' ? 0.5 + random.float() : random.float() * 2 - 1;
    }
    return p;
  });
  for (let i = 0; i < io.x.length; i++) io.x.data[i] = random.float() * 2 - 1;
  const layer = createLayer(spec, input, output, io, params, { arena, kernels: arena.kernels, maxBatch: n, random });
  return { layer, io, params, paramNames: specs.map((s) => s.name), input, output, random };
}
