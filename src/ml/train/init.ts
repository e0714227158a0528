// Initial parameters from a seed: He uniform for weights feeding a relu, Glorot uniform for the
// others (sigmoid, tanh, logits); zero biases; batchNorm starts as the identity.
import type { Architecture, ParamSpec } from '../../arch/ir.js';
import { paramSpecs } from '../../arch/ir.js';
import { Random } from '../tensor/random.js';

export function initialParams(arch: Architecture, seed: number): Float32Array[] {
  const random = new Random(seed);
  return paramSpecs(arch).map((spec) => {
    const t = new Float32Array(spec.shape.reduce((a, b) => a * b, 1));
    if (spec.name === 'gamma' || spec.name === 'variance') t.fill(1);
    if (spec.name !== 'weight') return t;
    const limit = weightLimit(arch, spec);
    for (let i = 0; i < t.length; i++) t[i] = (random.float() * 2 - 1) * limit;
    return t;
  });
}

function weightLimit(arch: Architecture, spec: ParamSpec): number {
  const [outUnits, ...rest] = spec.shape;
  const receptive = rest.slice(1).reduce((a, b) => a * b, 1);
  const fanIn = rest.reduce((a, b) => a * b, 1);
  const fanOut = outUnits * receptive;
  return feedsRelu(arch, spec.layer) ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
}

/** Whether the next activation after layer i, past shape-preserving layers, is relu. */
function feedsRelu(arch: Architecture, i: number): boolean {
  for (const layer of arch.layers.slice(i + 1)) {
    if (layer.type === 'activation') return layer.fn === 'relu';
    if (
      layer.type !== 'batchNorm' &&
      layer.type !== 'dropout' &&
      layer.type !== 'maxPool2d' &&
      layer.type !== 'avgPool2d'
    )
      return false;
  }
  return false;
}
