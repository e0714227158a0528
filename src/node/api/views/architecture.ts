// The network a block trained: its phenotype, and each layer with a one-line summary and its output shape.
import { describeLayer, describeShape } from '../../../arch/describe.js';
import { inferShapes, paramCount } from '../../../arch/ir.js';
import type { BlockArchitecture } from '../node-api.js';
import { arrayOf, object, UINT } from '../schema.js';

export function architectureView({ phenotype, arch }: BlockArchitecture) {
  const shapes = inferShapes(arch);
  return {
    phenotype,
    input: describeShape(arch.input),
    classes: arch.classes,
    params: paramCount(arch),
    layers: arch.layers.map((layer, i) => ({
      summary: describeLayer(layer),
      output: describeShape(shapes[i + 1]),
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
