// What a problem asks of a model, in the chain's own terms (the chain layer sees neither arch nor consensus): the
// input shape, the threshold schedule and their canonical encodings, shared by the problem id (5.1) and the
// propose-problem payload (7.3), so that both encode a problem's fields alike.
import type { Reader } from '../../codec/reader.js';
import type { Writer } from '../../codec/writer.js';

/** The model's input: an image (height, width, channels) or a flat vector (as arch/ir.ts Shape). */
export type InputShape =
  | { readonly kind: 'image'; readonly h: number; readonly w: number; readonly c: number }
  | { readonly kind: 'flat'; readonly n: number };

export type ThresholdParams =
  | {
      readonly mode: 'fixed';
      readonly startBp: number;
      readonly floorBp: number;
      readonly decayBp: number;
      readonly decaySeconds: number;
    }
  | {
      readonly mode: 'adaptive';
      /** Start after a parent with no score (genesis). */
      readonly startBp: number;
      readonly floorBp: number;
      readonly decayBp: number;
      readonly decaySeconds: number;
      readonly marginBp: number;
      readonly capBp: number;
    };

/** The metric codes of the encodings: 0 accuracy, 1 macro-F1 (as ml/data's METRICS). */
export const METRIC_NAMES = ['accuracy', 'macro-f1'] as const;
const MAX_SIDE = 0xffff_ffff;
const BASIS_POINTS = 10_000;

/** input u8 (0 image, 1 flat) ‖ h varint(32) ‖ w varint(32) ‖ c varint(32), or ‖ n varint(32). */
export function writeInputShape(w: Writer, s: InputShape): void {
  if (s.kind === 'image') w.varint('input', 0, 8).varint('h', s.h, 32).varint('w', s.w, 32).varint('c', s.c, 32);
  else w.varint('input', 1, 8).varint('n', s.n, 32);
}

export function readInputShape(r: Reader): InputShape {
  if (r.uint('input', 1) === 0)
    return { kind: 'image', h: r.uint('h', MAX_SIDE), w: r.uint('w', MAX_SIDE), c: r.uint('c', MAX_SIDE) };
  return { kind: 'flat', n: r.uint('n', MAX_SIDE) };
}

/** mode u8 (0 fixed, 1 adaptive) ‖ startBp ‖ floorBp ‖ decayBp varint(14) ‖ decaySeconds varint(32)
 * [‖ marginBp ‖ capBp varint(14), adaptive only]. */
export function writeThreshold(w: Writer, t: ThresholdParams): void {
  w.varint('threshold.mode', t.mode === 'fixed' ? 0 : 1, 8)
    .varint('startBp', t.startBp, 14)
    .varint('floorBp', t.floorBp, 14)
    .varint('decayBp', t.decayBp, 14)
    .varint('decaySeconds', t.decaySeconds, 32);
  if (t.mode === 'adaptive') w.varint('marginBp', t.marginBp, 14).varint('capBp', t.capBp, 14);
}

export function readThreshold(r: Reader): ThresholdParams {
  const adaptive = r.uint('threshold.mode', 1) === 1;
  const base = {
    startBp: r.uint('startBp', BASIS_POINTS),
    floorBp: r.uint('floorBp', BASIS_POINTS),
    decayBp: r.uint('decayBp', BASIS_POINTS),
    decaySeconds: r.uint('decaySeconds', MAX_SIDE),
  };
  if (!adaptive) return { mode: 'fixed', ...base };
  return {
    mode: 'adaptive',
    ...base,
    marginBp: r.uint('marginBp', BASIS_POINTS),
    capBp: r.uint('capBp', BASIS_POINTS),
  };
}

/** Why a schedule is unusable, or undefined: the floor at most the start, a decay period of at least a second. */
export function thresholdFault(t: ThresholdParams): string | undefined {
  if (t.floorBp > t.startBp) return `floor ${t.floorBp} bp above the start ${t.startBp} bp`;
  if (t.decaySeconds < 1) return 'a decay period of 0 s';
  return undefined;
}
