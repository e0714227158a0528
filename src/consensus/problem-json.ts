// The "problem" object of a chain config (JSON), read strictly: every key present, nothing unknown.
import type { Shape } from '../arch/ir.js';
import { DecodeError } from '../codec/errors.js';
import { fromHex, toHex } from '../codec/hex.js';
import { integer, object, oneOf, type Json } from '../codec/json-fields.js';
import { MAX_MODEL_BYTES } from '../ml/model/codec.js';
import { BASIS_POINTS } from './score.js';
import { MAX_DATASET_SPEC_BYTES, METRIC_CODES, type Problem } from './problem.js';
import type { ThresholdParams } from './threshold.js';
import { utf8Length } from '../codec/bytes.js';

const MAX_SIDE = 0xffff_ffff;

export function parseProblem(json: unknown): Problem {
  const p = object('problem', json, [
    'dataset',
    'input',
    'classes',
    'metric',
    'validationDigest',
    'threshold',
    'maxModelBytes',
  ]);
  if (typeof p.dataset !== 'string' || p.dataset === '' || utf8Length(p.dataset) > MAX_DATASET_SPEC_BYTES) {
    throw new DecodeError('problem.dataset', `must be a non-empty string of at most ${MAX_DATASET_SPEC_BYTES} bytes`);
  }
  return {
    dataset: p.dataset,
    input: parseShape(p.input),
    classes: integer('problem.classes', p.classes, 2, 256),
    metric: oneOf('problem.metric', p.metric, METRIC_CODES),
    validationDigest: fromHex('problem.validationDigest', p.validationDigest as string, 32),
    threshold: parseThreshold(p.threshold),
    maxModelBytes: integer('problem.maxModelBytes', p.maxModelBytes, 1, MAX_MODEL_BYTES),
  };
}

function parseShape(v: unknown): Shape {
  const kind = oneOf('problem.input.kind', (v as Json | null)?.kind, ['image', 'flat'] as const);
  if (kind === 'flat')
    return { kind, n: integer('problem.input.n', object('problem.input', v, ['kind', 'n']).n, 1, MAX_SIDE) };
  const s = object('problem.input', v, ['kind', 'h', 'w', 'c']);
  const side = (k: 'h' | 'w' | 'c') => integer(`problem.input.${k}`, s[k], 1, MAX_SIDE);
  return { kind, h: side('h'), w: side('w'), c: side('c') };
}

function parseThreshold(v: unknown): ThresholdParams {
  const mode = oneOf('problem.threshold.mode', (v as Json | null)?.mode, ['fixed', 'adaptive'] as const);
  const common = ['mode', 'startBp', 'floorBp', 'decayBp', 'decaySeconds'];
  const t = object('problem.threshold', v, mode === 'fixed' ? common : [...common, 'marginBp', 'capBp']);
  const bp = (k: string, min = 0) => integer(`problem.threshold.${k}`, t[k], min, BASIS_POINTS);
  const startBp = bp('startBp');
  const base = {
    startBp,
    floorBp: integer('problem.threshold.floorBp', t.floorBp, 0, startBp),
    decayBp: bp('decayBp'),
    decaySeconds: integer('problem.threshold.decaySeconds', t.decaySeconds, 1, MAX_SIDE),
  };
  return mode === 'fixed' ? { mode, ...base } : { mode, ...base, marginBp: bp('marginBp'), capBp: bp('capBp') };
}

export function problemToJson(p: Problem): Json {
  return {
    dataset: p.dataset,
    input: p.input,
    classes: p.classes,
    metric: p.metric,
    validationDigest: toHex(p.validationDigest),
    threshold: p.threshold,
    maxModelBytes: p.maxModelBytes,
  };
}
