// A problem: what the chain's miners train for. The data set is named (nodes load it locally: 'default' is the
// bundled digits) and bound by the digest of its validation split, so every node evaluates on the same samples.
// problem id = SHA3-256 of the canonical encoding (docs/PROTOCOL.md, section 5.1).
import type { Shape } from '../arch/ir.js';
import { Writer } from '../codec/writer.js';
import { sha3_256 } from '../crypto/hash.js';
import type { Metric } from '../ml/data/dataset.js';
import type { Split } from '../ml/data/split.js';
import type { ThresholdParams } from './threshold.js';
import { writeInputShape, writeThreshold } from '../chain/governance/problem-spec.js';
import { utf8Bytes } from '../codec/bytes.js';

export const MAX_DATASET_SPEC_BYTES = 256;
export const METRIC_CODES: readonly Metric[] = ['accuracy', 'macro-f1'];

export interface Problem {
  /** Where nodes load the data set from: 'default' or a data set folder. */
  readonly dataset: string;
  readonly input: Shape;
  readonly classes: number;
  readonly metric: Metric;
  /** validationDigest(validation split) of the data set. */
  readonly validationDigest: Uint8Array;
  readonly threshold: ThresholdParams;
  readonly maxModelBytes: number;
}

/** SHA3-256 over the split's x as little-endian float32 bytes, then its y bytes. */
export function validationDigest(split: Split): Uint8Array {
  const x = new Uint8Array(split.x.length * 4);
  const view = new DataView(x.buffer);
  split.x.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return sha3_256(x, split.y);
}

export function encodeProblem(p: Problem): Uint8Array {
  const w = new Writer().varBytes('dataset', utf8Bytes(p.dataset), MAX_DATASET_SPEC_BYTES);
  writeInputShape(w, p.input);
  w.varint('classes', p.classes, 32)
    .varint('metric', METRIC_CODES.indexOf(p.metric), 8)
    .fixed('validationDigest', p.validationDigest, 32);
  writeThreshold(w, p.threshold);
  return w.varint('maxModelBytes', p.maxModelBytes, 53).finish();
}

export function problemId(p: Problem): Uint8Array {
  return sha3_256(encodeProblem(p));
}
