// The network a block trained: its phenotype, and each layer with a one-line summary, its output shape and its
// parameter count.
import { describeLayer, describeShape } from '../../../arch/describe.js';
import { inferShapes, paramCount, paramSpecs } from '../../../arch/ir.js';
import type { BlockArchitecture } from '../node-api.js';
import { arrayOf, object, UINT } from '../schema.js';

export function architectureView({ phenotype, arch }: BlockArchitecture) {
  const shapes = inferShapes(arch);
  const perLayer = new Array<number>(arch.layers.length).fill(0);
  for (const p of paramSpecs(arch)) perLayer[p.layer] += p.shape.reduce((a, b) => a * b, 1);
  return {
    phenotype,
    input: describeShape(arch.input),
    classes: arch.classes,
    params: paramCount(arch),
    layers: arch.layers.map((layer, i) => ({
      summary: describeLayer(layer),
      output: describeShape(shapes[i + 1]),
      params: perLayer[i],
      layer,
    })),
  };
}

const SHAPE = { type: 'string', description: 'HxWxC for an image, N for a flat vector' };

export const ARCHITECTURE = object(
  {
    phenotype: { type: 'string', description: 'the terminals the work hash derives through the grammar' },
    input: SHAPE,
    classes: UINT,
    params: { ...UINT, description: 'trainable parameters' },
    layers: arrayOf(
      object({
        summary: { type: 'string' },
        output: SHAPE,
        params: { ...UINT, description: "the layer's trainable parameters" },
        layer: {
          type: 'object',
          additionalProperties: true,
          description: 'the layer in the architecture IR (src/arch/ir.ts)',
        },
      }),
    ),
  },
  "the architecture the block's work hash derives; null for genesis",
);
