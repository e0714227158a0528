// exp, sigmoid and tanh from + - * / only, so that every engine computes the same bits
// (Math.exp and Math.tanh differ in the last bit between JS engines and libms).
// exp(x) = 2^k * e^r with k = floor(x/ln2 + 1/2), r = x - k*ln2 (ln2 split in two so that k*LN2_HI
// is exact), and e^r the Taylor polynomial of degree 13 in Horner form (|r| <= 0.347, error < 2^-53).
// docs/PROTOCOL.md gives the constants' bit patterns.

export const INV_LN2 = 1.4426950408889634; // 0x3ff71547652b82fe
export const LN2_HI = 6.9314718036912381649e-1; // 0x3fe62e42fee00000: 32 significant bits
export const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef35793c76
/** exp(x) for x above this is +Infinity, below EXP_MIN it is 0; between, 2^k stays a normal number. */
export const EXP_MAX = 709;
export const EXP_MIN = -708;
export const DEGREE = 13;

/** COEF[n] = 1 / n!, n! exact in float64, the quotient correctly rounded. */
export const COEF = new Float64Array(DEGREE + 1);
for (let n = 0, fact = 1; n <= DEGREE; n++, fact *= n) COEF[n] = 1 / fact;

/** POW2[k + 1022] = 2^k for k in -1022..1023, by exact doubling and halving. */
const POW2 = new Float64Array(2046);
POW2[1022] = 1;
for (let k = 1; k <= 1023; k++) POW2[1022 + k] = POW2[1021 + k] * 2;
for (let k = 1; k <= 1022; k++) POW2[1022 - k] = POW2[1023 - k] / 2;

export function exp64(x: number): number {
  if (x !== x) return x;
  if (x > EXP_MAX) return Infinity;
  if (x < EXP_MIN) return 0;
  const k = Math.floor(x * INV_LN2 + 0.5);
  const r = x - k * LN2_HI - k * LN2_LO;
  let p = COEF[DEGREE];
  for (let n = DEGREE - 1; n >= 0; n--) p = p * r + COEF[n];
  return p * POW2[k + 1022];
}

export function sigmoid64(x: number): number {
  return 1 / (1 + exp64(-x));
}

/** tanh(x) = 1 - 2/(e^(2|x|) + 1), sign restored; odd, and tanh(NaN) = NaN. */
export function tanh64(x: number): number {
  const t = 1 - 2 / (exp64(2 * (x < 0 ? -x : x)) + 1);
  return x < 0 ? -t : t;
}
