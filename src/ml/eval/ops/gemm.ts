// out[f*P + p] = bias[f] + sum over j = 0..K-1, in increasing j, of w[f*K + j] * cols[p*K + j].
// Every output is one sequential sum starting from its bias (the order the protocol fixes); four
// filters are summed side by side only so that their independent additions overlap in the CPU.
export function gemmBias(
  w: Float64Array, bias: Float64Array, F: number, K: number,
  cols: Float64Array, P: number, out: Float64Array,
): void {
  for (let p = 0; p < P; p++) {
    const c = p * K;
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
        const v = cols[c + j];
        a0 += w[w0 + j] * v;
        a1 += w[w1 + j] * v;
        a2 += w[w2 + j] * v;
        a3 += w[w3 + j] * v;
      }
      out[f * P + p] = a0;
      out[(f + 1) * P + p] = a1;
      out[(f + 2) * P + p] = a2;
      out[(f + 3) * P + p] = a3;
    }
    for (; f < F; f++) {
      const w0 = f * K;
      let a = bias[f];
      for (let j = 0; j < K; j++) a += w[w0 + j] * cols[c + j];
      out[f * P + p] = a;
    }
  }
}
