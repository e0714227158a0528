// The canonical model file (docs/PROTOCOL.md, "Model file"):
//   magic "CAIM" | version u32 | grammar id (32 bytes) | phenotype length u32 + UTF-8 |
//   architecture (arch-codec) | weight count u32 | weights, float32 little-endian, paramSpecs order.
// Integers are little-endian. Decoding accepts only what encodeModel produces. Weights are canonical: finite, and
// either +0 or a normal float32 (no -0, no subnormal), so one model has exactly one file and one weights digest;
// canonicalWeights() maps trained weights there (-0 -> +0, subnormal -> +0) before a file is written and scored.
import { paramCount, paramSpecs, type Architecture, type ParamSpec } from '../../arch/ir.js';
import { decodeArch, encodeArch } from './arch-codec.js';
import { ByteReader, ByteWriter } from './binary.js';
import { GRAMMAR_ID_BYTES, ModelFileError, type Model } from './model.js';
import { utf8Bytes } from '../../codec/bytes.js';
import { bytesEqual } from '../../codec/hex.js';

export const MODEL_MAGIC = utf8Bytes('CAIM');
export const MODEL_VERSION = 1;
/** 16 Mi weights: far above any model the default grammar derives, small enough to verify quickly. */
export const MAX_MODEL_BYTES = 64 * 2 ** 20;
export const MAX_PHENOTYPE_BYTES = 2 ** 16;

export function encodeModel(model: Model): Uint8Array {
  if (model.grammarId.length !== GRAMMAR_ID_BYTES)
    throw new ModelFileError(`grammar id must be ${GRAMMAR_ID_BYTES} bytes`);
  const phenotype = utf8Bytes(model.phenotype);
  if (phenotype.length > MAX_PHENOTYPE_BYTES) throw new ModelFileError(`phenotype over ${MAX_PHENOTYPE_BYTES} bytes`);
  const specs = paramSpecs(model.arch);
  checkParams(model.params, specs);
  const w = new ByteWriter();
  w.bytes(MODEL_MAGIC);
  w.u32(MODEL_VERSION);
  w.bytes(model.grammarId);
  w.u32(phenotype.length);
  w.bytes(phenotype);
  encodeArch(w, model.arch);
  const total = model.params.reduce((n, p) => n + p.length, 0);
  w.u32(total);
  const weights = new Uint8Array(total * 4);
  const view = new DataView(weights.buffer);
  let at = 0;
  for (const p of model.params) for (let i = 0; i < p.length; i++, at += 4) view.setFloat32(at, p[i], true);
  w.bytes(weights);
  const bytes = w.finish();
  if (bytes.length > MAX_MODEL_BYTES)
    throw new ModelFileError(`model is ${bytes.length} bytes, over the ${MAX_MODEL_BYTES} limit`);
  return bytes;
}

/**
 * The exact size of the file of any model with this phenotype and architecture (the weights' values do not change
 * it): magic, version, grammar id, phenotype length and bytes, the architecture, weight count, 4 bytes a weight.
 */
export function encodedModelSize(phenotype: string, arch: Architecture): number {
  const w = new ByteWriter();
  encodeArch(w, arch);
  return (
    MODEL_MAGIC.length +
    4 +
    GRAMMAR_ID_BYTES +
    4 +
    utf8Bytes(phenotype).length +
    w.finish().length +
    4 +
    4 * paramCount(arch)
  );
}

export function decodeModel(bytes: Uint8Array): Model {
  if (bytes.length > MAX_MODEL_BYTES)
    throw new ModelFileError(`${bytes.length} bytes, over the ${MAX_MODEL_BYTES} limit`);
  const r = new ByteReader(bytes);
  const magic = r.bytes(MODEL_MAGIC.length, 'magic');
  if (!bytesEqual(magic, MODEL_MAGIC)) throw new ModelFileError('not a Coin.AI model file (bad magic)');
  const version = r.u32('version');
  if (version !== MODEL_VERSION)
    throw new ModelFileError(`model format version ${version}, this node reads ${MODEL_VERSION}`);
  const grammarId = new Uint8Array(r.bytes(GRAMMAR_ID_BYTES, 'grammar id'));
  const phenotypeBytes = r.bytes(r.u32('phenotype length'), 'phenotype');
  let phenotype: string;
  try {
    phenotype = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(phenotypeBytes);
  } catch {
    throw new ModelFileError('phenotype is not valid UTF-8');
  }
  const arch = decodeArch(r);
  const specs = paramSpecs(arch);
  const expected = specs.reduce((n, s) => n + size(s), 0);
  const total = r.u32('weight count');
  if (total !== expected)
    throw new ModelFileError(`header announces ${total} weights, the architecture has ${expected}`);
  if (r.remaining !== total * 4) {
    throw new ModelFileError(`${r.remaining} bytes of weights, expected ${total * 4} (${total} float32)`);
  }
  const weights = r.bytes(total * 4, 'weights');
  const view = new DataView(weights.buffer, weights.byteOffset, weights.byteLength);
  let at = 0;
  const params = specs.map((s) => {
    const p = new Float32Array(size(s));
    for (let i = 0; i < p.length; i++, at += 4) p[i] = view.getFloat32(at, true);
    return p;
  });
  checkParams(params, specs);
  return { grammarId, phenotype, arch, params };
}

/** The smallest positive normal float32, 2^-126: a non-zero weight of smaller magnitude is subnormal. */
export const MIN_NORMAL_FLOAT32 = 2 ** -126;

/** Why `v` (a float32 value) is not a canonical weight; undefined when it is. */
export function nonCanonicalWeight(v: number): string | undefined {
  if (!Number.isFinite(v)) return 'weights must be finite';
  if (Object.is(v, -0)) return 'weights must not be -0 (write +0)';
  if (v !== 0 && Math.abs(v) < MIN_NORMAL_FLOAT32) return 'weights must not be subnormal (write +0)';
  return undefined;
}

/**
 * Makes trained weights canonical in place: -0 and subnormals become +0 (non-finite values are left for the
 * encoder to reject). Returns `params`. Whoever writes a model file from trained weights calls this first, and
 * scores the canonical weights.
 */
export function canonicalWeights(params: Float32Array[]): Float32Array[] {
  for (const p of params) {
    for (let i = 0; i < p.length; i++) if (Math.abs(p[i]) < MIN_NORMAL_FLOAT32) p[i] = 0;
  }
  return params;
}

function checkParams(params: Float32Array[], specs: ParamSpec[]): void {
  if (params.length !== specs.length)
    throw new ModelFileError(`${params.length} parameter tensors, the architecture has ${specs.length}`);
  specs.forEach((s, k) => {
    const p = params[k];
    const where = `layer ${s.layer} ${s.name}`;
    if (p.length !== size(s)) throw new ModelFileError(`${where} has ${p.length} weights, expected ${size(s)}`);
    for (let i = 0; i < p.length; i++) {
      const why = nonCanonicalWeight(p[i]);
      if (why) throw new ModelFileError(`${where}[${i}] is ${Object.is(p[i], -0) ? '-0' : p[i]}: ${why}`);
    }
    if (s.name === 'variance' && p.some((v) => v < 0)) throw new ModelFileError(`${where} has a negative variance`);
  });
}

function size(s: ParamSpec): number {
  return s.shape.reduce((a, b) => a * b, 1);
}
