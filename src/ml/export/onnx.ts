// Exports a model to ONNX (opset 13, IR version 7) so it can run outside coinai: input "input"
// [N, C, H, W] (or [N, n]), output "logits" [N, classes]. Dropout is left out (identity at inference).
import {
  convOutSide,
  convPadBefore,
  inferShapes,
  paramSpecs,
  BATCH_NORM_EPSILON,
  type Layer,
  type Shape,
} from '../../arch/ir.js';
import type { Model } from '../model/model.js';
import { ATTR_FLOAT, ATTR_INT, ATTR_INTS, FLOAT, ModelProto } from './onnx-proto.js';

const OPSET = 13;
const IR_VERSION = 7;
const ACTIVATION_OPS = { relu: 'Relu', sigmoid: 'Sigmoid', tanh: 'Tanh' } as const;

interface Node {
  opType: string;
  input: string[];
  output: string[];
  name: string;
  attribute: object[];
}

export function modelToOnnx(model: Model): Uint8Array {
  const { arch } = model;
  const shapes = inferShapes(arch);
  const initializer = paramSpecs(arch).map((spec, k) => ({
    name: `l${spec.layer}.${spec.name}`,
    dims: spec.shape,
    dataType: FLOAT,
    rawData: littleEndianFloats(model.params[k]),
  }));
  const nodes: Node[] = [];
  let current = 'input';
  const emit = (opType: string, inputs: string[], attribute: object[] = []) => {
    const output = `t${nodes.length}`;
    nodes.push({ opType, input: [current, ...inputs], output: [output], name: `${opType}_${nodes.length}`, attribute });
    current = output;
  };
  arch.layers.forEach((layer, i) => layerNodes(layer, i, shapes[i], emit));
  if (nodes.length === 0) emit('Identity', []);
  nodes[nodes.length - 1].output = ['logits'];
  const message = ModelProto.create({
    irVersion: IR_VERSION,
    producerName: 'coinai',
    producerVersion: '0.1.0',
    docString: model.phenotype,
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: 'coinai',
      node: nodes,
      initializer,
      input: [valueInfo('input', ['N', ...dims(arch.input)])],
      output: [valueInfo('logits', ['N', arch.classes])],
    },
  });
  return ModelProto.encode(message).finish();
}

function layerNodes(
  layer: Layer,
  i: number,
  input: Shape,
  emit: (op: string, inputs: string[], attrs?: object[]) => void,
): void {
  const p = (name: string) => `l${i}.${name}`;
  switch (layer.type) {
    case 'conv2d': {
      if (input.kind !== 'image') throw new Error('unreachable: conv2d on a flat input');
      const { kernel: k, stride: s, padding } = layer;
      const pads = [input.h, input.w].map((side) => {
        const before = convPadBefore(side, k, s, padding);
        const total = padding === 'same' ? Math.max((convOutSide(side, k, s, padding) - 1) * s + k - side, 0) : 0;
        return [before, total - before];
      });
      emit(
        'Conv',
        [p('weight'), p('bias')],
        [
          ints('kernel_shape', [k, k]),
          ints('strides', [s, s]),
          ints('pads', [pads[0][0], pads[1][0], pads[0][1], pads[1][1]]),
        ],
      );
      return;
    }
    case 'maxPool2d':
    case 'avgPool2d':
      emit(
        layer.type === 'maxPool2d' ? 'MaxPool' : 'AveragePool',
        [],
        [ints('kernel_shape', [layer.size, layer.size]), ints('strides', [layer.stride, layer.stride])],
      );
      return;
    case 'globalAvgPool':
      emit('GlobalAveragePool', []);
      emit('Flatten', [], [int('axis', 1)]);
      return;
    case 'batchNorm':
      emit(
        'BatchNormalization',
        [p('gamma'), p('beta'), p('mean'), p('variance')],
        [{ name: 'epsilon', type: ATTR_FLOAT, f: BATCH_NORM_EPSILON }],
      );
      return;
    case 'flatten':
      emit('Flatten', [], [int('axis', 1)]);
      return;
    case 'dense':
      emit('Gemm', [p('weight'), p('bias')], [int('transB', 1)]);
      return;
    case 'activation':
      emit(ACTIVATION_OPS[layer.fn], []);
      return;
    case 'dropout':
      return;
  }
}

function dims(s: Shape): number[] {
  return s.kind === 'image' ? [s.c, s.h, s.w] : [s.n];
}

function valueInfo(name: string, shape: (number | string)[]): object {
  const dim = shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim } } } };
}

function int(name: string, i: number): object {
  return { name, type: ATTR_INT, i };
}

function ints(name: string, values: number[]): object {
  return { name, type: ATTR_INTS, ints: values };
}

function littleEndianFloats(p: Float32Array): Uint8Array {
  const bytes = new Uint8Array(p.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < p.length; i++) view.setFloat32(i * 4, p[i], true);
  return bytes;
}
