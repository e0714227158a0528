// Phenotype -> legal Architecture for an input shape and class count (consensus-critical, docs/PROTOCOL.md).
// Legalisation is deterministic: a statement that cannot take the current shape is skipped, never an error.
import { convOutSide, layerOutputShape, poolOutSide, type Architecture, type Layer, type Shape } from './ir.js';
import { parseStatements, type Statement } from './semantics-statements.js';

export function phenotypeToArchitecture(terminals: readonly string[], input: Shape, classes: number): Architecture {
  const layers: Layer[] = [];
  let shape = input;
  const push = (layer: Layer) => {
    layers.push(layer);
    shape = layerOutputShape(layer, shape);
  };
  for (const statement of parseStatements(terminals)) statementLayers(statement, shape).forEach(push);
  closingLayers(shape, classes).forEach(push);
  return { input, classes, layers };
}

/**
 * The layers one statement becomes on `shape`: none when it is skipped, [flatten, dense] when a dense meets an
 * image, else the statement's own layer.
 */
export function statementLayers(statement: Statement, shape: Shape): Layer[] {
  const layer = legalise(statement, shape);
  if (layer === undefined) return [];
  return layer.type === 'dense' && shape.kind === 'image' ? [{ type: 'flatten' }, layer] : [layer];
}

/** What the semantics append after the last statement: flatten while the shape is an image, then the logits. */
export function closingLayers(shape: Shape, classes: number): Layer[] {
  const logits: Layer = { type: 'dense', units: classes };
  return shape.kind === 'image' ? [{ type: 'flatten' }, logits] : [logits];
}

/** The layer a statement becomes on `shape`, or undefined when it is skipped. */
function legalise(statement: Statement, shape: Shape): Layer | undefined {
  switch (statement.type) {
    case 'gap':
      return shape.kind === 'image' ? { type: 'globalAvgPool' } : undefined;
    case 'flatten':
      return shape.kind === 'image' ? statement : undefined;
    case 'conv2d':
    case 'maxPool2d':
    case 'avgPool2d':
      return shape.kind === 'image' && fits(statement, shape) ? statement : undefined;
    default:
      return statement;
  }
}

/** Whether a conv or pool leaves both sides of the image >= 1. */
function fits(layer: Extract<Statement, { stride: number }>, shape: Extract<Shape, { kind: 'image' }>): boolean {
  const side = (s: number) =>
    layer.type === 'conv2d'
      ? convOutSide(s, layer.kernel, layer.stride, layer.padding)
      : poolOutSide(s, layer.size, layer.stride);
  return side(shape.h) >= 1 && side(shape.w) >= 1;
}
