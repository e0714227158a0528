// One-line text for layers and shapes (CLI output, logs). The JSON form is the IR itself.
import type { Layer, Shape } from './ir.js';

export function describeShape(s: Shape): string {
  return s.kind === 'image' ? `${s.h}x${s.w}x${s.c}` : `${s.n}`;
}

/** Parses `HxWxC` (an image) or `N` (a flat feature vector), as describeShape writes them. */
export function parseShape(text: string): Shape | undefined {
  const dims = text.split('x');
  if (!dims.every((d) => /^[1-9][0-9]{0,5}$/.test(d))) return undefined;
  const [a, b, c] = dims.map(Number);
  if (dims.length === 1) return { kind: 'flat', n: a };
  return dims.length === 3 ? { kind: 'image', h: a, w: b, c } : undefined;
}

export function describeLayer(layer: Layer): string {
  switch (layer.type) {
    case 'conv2d':
      return `conv2d ${layer.filters} filters ${layer.kernel}x${layer.kernel} stride ${layer.stride} ${layer.padding}`;
    case 'maxPool2d':
    case 'avgPool2d':
      return `${layer.type} ${layer.size}x${layer.size} stride ${layer.stride}`;
    case 'dropout':
      return `dropout ${layer.rate}`;
    case 'dense':
      return `dense ${layer.units}`;
    case 'activation':
      return layer.fn;
    default:
      return layer.type;
  }
}
