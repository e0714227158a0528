// Canonical binary encoding of the architecture IR (docs/PROTOCOL.md, "Architecture encoding").
// Integers are u32 little-endian, enumerations u8, the dropout rate a float64; decoding accepts
// exactly the encodings encodeArch produces, so equal architectures have equal bytes.
import {
  ArchitectureError,
  inferShapes,
  type Activation,
  type Architecture,
  type Layer,
  type Padding,
  type Shape,
} from '../../arch/ir.js';
import { ByteReader, ByteWriter } from './binary.js';
import { ModelFileError } from './model.js';

const LAYER_TAGS = [
  'conv2d',
  'maxPool2d',
  'avgPool2d',
  'globalAvgPool',
  'batchNorm',
  'dropout',
  'flatten',
  'dense',
  'activation',
] as const;
const PADDINGS: readonly Padding[] = ['same', 'valid'];
const ACTIVATIONS: readonly Activation[] = ['relu', 'sigmoid', 'tanh'];
/** More layers than any grammar derives; bounds the work of decoding a hostile file. */
export const MAX_LAYERS = 1024;

export function encodeArch(w: ByteWriter, arch: Architecture): void {
  encodeShape(w, arch.input);
  w.u32(arch.classes);
  w.u32(arch.layers.length);
  for (const layer of arch.layers) {
    w.u8(LAYER_TAGS.indexOf(layer.type));
    switch (layer.type) {
      case 'conv2d':
        [layer.filters, layer.kernel, layer.stride].forEach((v) => w.u32(v));
        w.u8(PADDINGS.indexOf(layer.padding));
        break;
      case 'maxPool2d':
      case 'avgPool2d':
        w.u32(layer.size);
        w.u32(layer.stride);
        break;
      case 'dropout':
        w.f64(layer.rate);
        break;
      case 'dense':
        w.u32(layer.units);
        break;
      case 'activation':
        w.u8(ACTIVATIONS.indexOf(layer.fn));
        break;
    }
  }
}

/** Decodes and checks an architecture: positive sizes, known tags, and shapes that fit (inferShapes). */
export function decodeArch(r: ByteReader): Architecture {
  const input = decodeShape(r);
  const classes = positive(r.u32('classes'), 'classes');
  const count = r.u32('layer count');
  if (count > MAX_LAYERS) throw new ModelFileError(`${count} layers, at most ${MAX_LAYERS} allowed`);
  const layers: Layer[] = [];
  for (let i = 0; i < count; i++) layers.push(decodeLayer(r, i));
  const arch: Architecture = { input, classes, layers };
  try {
    inferShapes(arch);
  } catch (err) {
    if (err instanceof ArchitectureError) throw new ModelFileError(`illegal architecture: ${err.message}`);
    throw err;
  }
  return arch;
}

function decodeLayer(r: ByteReader, i: number): Layer {
  const tag = r.u8(`layer ${i} tag`);
  const type = LAYER_TAGS[tag] ?? fail(`layer ${i}: unknown layer tag ${tag}`);
  const size = (what: string) => positive(r.u32(`layer ${i} ${what}`), `layer ${i} ${what}`);
  switch (type) {
    case 'conv2d': {
      const [filters, kernel, stride] = [size('filters'), size('kernel'), size('stride')];
      const p = r.u8(`layer ${i} padding`);
      const padding = PADDINGS[p] ?? fail(`layer ${i}: unknown padding ${p}`);
      return { type, filters, kernel, stride, padding };
    }
    case 'maxPool2d':
    case 'avgPool2d':
      return { type, size: size('size'), stride: size('stride') };
    case 'dropout': {
      const rate = r.f64(`layer ${i} rate`);
      if (!(rate >= 0 && rate < 1) || Object.is(rate, -0)) fail(`layer ${i}: dropout rate ${rate} not in [0, 1)`);
      return { type, rate };
    }
    case 'dense':
      return { type, units: size('units') };
    case 'activation': {
      const a = r.u8(`layer ${i} activation`);
      return { type, fn: ACTIVATIONS[a] ?? fail(`layer ${i}: unknown activation ${a}`) };
    }
    default:
      return { type };
  }
}

function encodeShape(w: ByteWriter, s: Shape): void {
  if (s.kind === 'image') {
    w.u8(0);
    [s.h, s.w, s.c].forEach((v) => w.u32(v));
  } else {
    w.u8(1);
    w.u32(s.n);
  }
}

function decodeShape(r: ByteReader): Shape {
  const kind = r.u8('input kind');
  if (kind === 0) {
    const [h, w, c] = ['h', 'w', 'c'].map((d) => positive(r.u32(`input ${d}`), `input ${d}`));
    return { kind: 'image', h, w, c };
  }
  if (kind === 1) return { kind: 'flat', n: positive(r.u32('input n'), 'input n') };
  return fail(`unknown input kind ${kind}`);
}

function positive(v: number, what: string): number {
  return v >= 1 ? v : fail(`${what} is 0`);
}

function fail(msg: string): never {
  throw new ModelFileError(msg);
}
