// out[f*P + p] = bias[f] + sum over j = 0..K-1, in increasing j, of w[f*K + j] * cols[p*K + j].
// Every output is one sequential sum starting from its bias (the order the protocol fixes). The
// blocking below (4 filters x 2 positions, then the leftovers) only interleaves independent sums so
// that their additions overlap in the CPU and each loaded value serves several of them.
export function gemmBias(
  w: Float64Array,
  bias: Float64Array,
  F: number,
  K: number,
  cols: Float64Array,
  P: number,
  out: Float64Array,
): void {
  let p = 0;
  for (; p + 2 <= P; p += 2) {
    const c0 = p * K;
    const c1 = c0 + K;
    let f = 0;
    for (; f + 4 <= F; f += 4) {
      const w0 = f * K;
      const w1 = w0 + K;
      const w2 = w1 + K;
      const w3 = w2 + K;
      let a0 = bias[f];
      let a1 = bias[f + 1];
      let a2 = bias[f + 2];
      let a3 = bias[f + 3];
      let b0 = a0;
      let b1 = a1;
      let b2 = a2;
      let b3 = a3;
      for (let j = 0; j < K; j++) {
        const u = cols[c0 + j];
        const v = cols[c1 + j];
        const x0 = w[w0 + j];
        const x1 = w[w1 + j];
        const x2 = w[w2 + j];
        const x3 = w[w3 + j];
        a0 += x0 * u;
        a1 += x1 * u;
        a2 += x2 * u;
        a3 += x3 * u;
        b0 += x0 * v;
        b1 += x1 * v;
        b2 += x2 * v;
        b3 += x3 * v;
      }
      out[f * P + p] = a0;
      out[(f + 1) * P + p] = a1;
      out[(f + 2) * P + p] = a2;
      out[(f + 3) * P + p] = a3;
      out[f * P + p + 1] = b0;
      out[(f + 1) * P + p + 1] = b1;
      out[(f + 2) * P + p + 1] = b2;
      out[(f + 3) * P + p + 1] = b3;
    }
    for (; f < F; f++) {
      out[f * P + p] = dot(w, f * K, cols, c0, K, bias[f]);
      out[f * P + p + 1] = dot(w, f * K, cols, c1, K, bias[f]);
    }
  }
  if (p < P) gemvBias(w, bias, F, K, cols, p * K, out, p, P);
}

/** One position (a dense layer, or the last of an odd count): 4 filters at a time. */
function gemvBias(
  w: Float64Array,
  bias: Float64Array,
  F: number,
  K: number,
  cols: Float64Array,
  c: number,
  out: Float64Array,
  p: number,
  P: number,
): void {
  let f = 0;
  for (; f + 4 <= F; f += 4) {
    const w0 = f * K;
    const w1 = w0 + K;
    const w2 = w1 + K;
    const w3 = w2 + K;
    let a0 = bias[f];
    let a1 = bias[f + 1];
    let a2 = bias[f + 2];
    let a3 = bias[f + 3];
    for (let j = 0; j < K; j++) {
      const u = cols[c + j];
      a0 += w[w0 + j] * u;
      a1 += w[w1 + j] * u;
      a2 += w[w2 + j] * u;
      a3 += w[w3 + j] * u;
    }
    out[f * P + p] = a0;
    out[(f + 1) * P + p] = a1;
    out[(f + 2) * P + p] = a2;
    out[(f + 3) * P + p] = a3;
  }
  for (; f < F; f++) out[f * P + p] = dot(w, f * K, cols, c, K, bias[f]);
}

function dot(w: Float64Array, wi: number, cols: Float64Array, c: number, K: number, start: number): number {
  let a = start;
  for (let j = 0; j < K; j++) a += w[wi + j] * cols[c + j];
  return a;
}
