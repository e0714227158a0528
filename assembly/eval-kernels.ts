// The consensus evaluator's hot loops (src/ml/eval), compiled to WebAssembly by AssemblyScript at
// build time (npm run build:wasm -> dist/ml/eval/eval-kernels.wasm). Every kernel computes exactly
// the float64 operations, in exactly the order, that docs/PROTOCOL.md section 4.3 fixes: WebAssembly
// rounds every f64 add, mul, div and sqrt on its own (round to nearest even, never fused), and the
// f64x2 SIMD instructions used here (add, mul, gt, and) are lane-wise, so where two lanes are used
// each lane holds a DIFFERENT output and carries its own sequential sum. No kernel allocates: every
// argument is a count or a byte address in linear memory laid out by src/ml/eval/forward.ts.

/** First free byte of linear memory (the JS side lays its buffers out from here). */
export function heapBase(): usize {
  return __heap_base;
}

/** dst[i] = src[i] widened exactly from float32 to float64. */
export function widen(src: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f64>(dst + (<usize>i << 3), <f64>load<f32>(src + (<usize>i << 2)));
}

/**
 * out[f*ldF + p*ldP] = bias[f] + sum over j = 0..K-1, in increasing j, of w[f, j] * cols[p*K + j],
 * then max(., +0) as relu defines it when `relu` is set. The weights and biases are packed four
 * filters at a time, zero-filled past F: wp[(f/4)*K*4 + j*4 + f%4], bp[f]. cols must hold
 * ceil(P/4)*4 rows (the rows past P are read but their results never stored).
 * The 4 x 4 tile keeps 16 independent sums in 8 f64x2 registers: lanes are two filters.
 */
export function gemm(
  F: i32, P: i32, K: i32, wp: usize, bp: usize, cols: usize, out: usize, ldF: i32, ldP: i32, relu: bool,
): void {
  const row = <usize>K << 3;
  const zero = f64x2.splat(0);
  for (let p = 0; p < P; p += 4) {
    const c0 = cols + <usize>p * row;
    for (let f = 0; f < F; f += 4) {
      let w = wp + <usize>f * row;
      const b0 = v128.load(bp + (<usize>f << 3));
      const b1 = v128.load(bp + (<usize>f << 3), 16);
      let a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
      let c = c0;
      const end = c0 + row;
      while (c < end) {
        const w0 = v128.load(w);
        const w1 = v128.load(w, 16);
        let x = v128.load64_splat(c);
        a00 = f64x2.add(a00, f64x2.mul(w0, x));
        a01 = f64x2.add(a01, f64x2.mul(w1, x));
        x = v128.load64_splat(c + row);
        a10 = f64x2.add(a10, f64x2.mul(w0, x));
        a11 = f64x2.add(a11, f64x2.mul(w1, x));
        x = v128.load64_splat(c + 2 * row);
        a20 = f64x2.add(a20, f64x2.mul(w0, x));
        a21 = f64x2.add(a21, f64x2.mul(w1, x));
        x = v128.load64_splat(c + 3 * row);
        a30 = f64x2.add(a30, f64x2.mul(w0, x));
        a31 = f64x2.add(a31, f64x2.mul(w1, x));
        w += 32;
        c += 8;
      }
      if (relu) {
        a00 = v128.and(a00, f64x2.gt(a00, zero));
        a01 = v128.and(a01, f64x2.gt(a01, zero));
        a10 = v128.and(a10, f64x2.gt(a10, zero));
        a11 = v128.and(a11, f64x2.gt(a11, zero));
        a20 = v128.and(a20, f64x2.gt(a20, zero));
        a21 = v128.and(a21, f64x2.gt(a21, zero));
        a30 = v128.and(a30, f64x2.gt(a30, zero));
        a31 = v128.and(a31, f64x2.gt(a31, zero));
      }
      const nf = F - f < 4 ? F - f : 4;
      const o = out + ((<usize>f * ldF + <usize>p * ldP) << 3);
      const sf = <usize>ldF << 3;
      const sp = <usize>ldP << 3;
      storeColumn(o, sf, a00, a01, nf);
      if (p + 1 < P) storeColumn(o + sp, sf, a10, a11, nf);
      if (p + 2 < P) storeColumn(o + 2 * sp, sf, a20, a21, nf);
      if (p + 3 < P) storeColumn(o + 3 * sp, sf, a30, a31, nf);
    }
  }
}

// @ts-ignore: decorator
@inline
function storeColumn(o: usize, sf: usize, lo: v128, hi: v128, nf: i32): void {
  store<f64>(o, f64x2.extract_lane(lo, 0));
  if (nf > 1) store<f64>(o + sf, f64x2.extract_lane(lo, 1));
  if (nf > 2) store<f64>(o + 2 * sf, f64x2.extract_lane(hi, 0));
  if (nf > 3) store<f64>(o + 3 * sf, f64x2.extract_lane(hi, 1));
}

/**
 * A convolution as the same product, without building the patch matrix: `src` is the input copied
 * into a zero-bordered buffer (padCopy), position p's window starts at byte src + base[p] and its
 * term j = (ic*k + ky)*k + kx is at that plus off[j] (i32 byte offsets). Term by term, that is
 * out[f*P + p] = bias[f] + sum over j in increasing order of w[f, j] * in(p, j), with the +0 of
 * the border read and added where the window leaves the input, exactly as the protocol says.
 * base must hold ceil(P/4)*4 entries (those past P point anywhere inside the buffer).
 */
export function conv(
  F: i32, P: i32, K: i32, wp: usize, bp: usize, src: usize, base: usize, off: usize, out: usize, relu: bool,
): void {
  const row = <usize>K << 3;
  const zero = f64x2.splat(0);
  const offEnd = off + (<usize>K << 2);
  for (let p = 0; p < P; p += 4) {
    const q = base + (<usize>p << 2);
    const s0 = src + <usize>load<i32>(q);
    const s1 = src + <usize>load<i32>(q, 4);
    const s2 = src + <usize>load<i32>(q, 8);
    const s3 = src + <usize>load<i32>(q, 12);
    for (let f = 0; f < F; f += 4) {
      let w = wp + <usize>f * row;
      const b0 = v128.load(bp + (<usize>f << 3));
      const b1 = v128.load(bp + (<usize>f << 3), 16);
      let a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
      let o = off;
      while (o < offEnd) {
        const d = <usize>load<i32>(o);
        const w0 = v128.load(w);
        const w1 = v128.load(w, 16);
        let x = v128.load64_splat(s0 + d);
        a00 = f64x2.add(a00, f64x2.mul(w0, x));
        a01 = f64x2.add(a01, f64x2.mul(w1, x));
        x = v128.load64_splat(s1 + d);
        a10 = f64x2.add(a10, f64x2.mul(w0, x));
        a11 = f64x2.add(a11, f64x2.mul(w1, x));
        x = v128.load64_splat(s2 + d);
        a20 = f64x2.add(a20, f64x2.mul(w0, x));
        a21 = f64x2.add(a21, f64x2.mul(w1, x));
        x = v128.load64_splat(s3 + d);
        a30 = f64x2.add(a30, f64x2.mul(w0, x));
        a31 = f64x2.add(a31, f64x2.mul(w1, x));
        w += 32;
        o += 4;
      }
      if (relu) {
        a00 = v128.and(a00, f64x2.gt(a00, zero));
        a01 = v128.and(a01, f64x2.gt(a01, zero));
        a10 = v128.and(a10, f64x2.gt(a10, zero));
        a11 = v128.and(a11, f64x2.gt(a11, zero));
        a20 = v128.and(a20, f64x2.gt(a20, zero));
        a21 = v128.and(a21, f64x2.gt(a21, zero));
        a30 = v128.and(a30, f64x2.gt(a30, zero));
        a31 = v128.and(a31, f64x2.gt(a31, zero));
      }
      const nf = F - f < 4 ? F - f : 4;
      const d = out + ((<usize>f * P + <usize>p) << 3);
      const sf = <usize>P << 3;
      storeColumn(d, sf, a00, a01, nf);
      if (p + 1 < P) storeColumn(d + 8, sf, a10, a11, nf);
      if (p + 2 < P) storeColumn(d + 16, sf, a20, a21, nf);
      if (p + 3 < P) storeColumn(d + 24, sf, a30, a31, nf);
    }
  }
}

/**
 * Copies C planes H x W into the interior of C planes HP x WP at row pt, column pl, skipping what
 * falls outside; the border is written once (zeros) by the caller and never touched here.
 */
export function padCopy(src: usize, C: i32, H: i32, W: i32, dst: usize, HP: i32, WP: i32, pt: i32, pl: i32): void {
  const x0 = pl < 0 ? -pl : 0;
  const x1 = W < WP - pl ? W : WP - pl;
  for (let c = 0; c < C; c++) {
    for (let y = 0; y < H; y++) {
      const yp = y + pt;
      if (yp < 0 || yp >= HP) continue;
      const s = src + ((<usize>((c * H + y) * W)) << 3);
      const d = dst + ((<usize>((c * HP + yp) * WP + pl)) << 3);
      for (let x = x0; x < x1; x++) store<f64>(d + (<usize>x << 3), load<f64>(s + (<usize>x << 3)));
    }
  }
}

/**
 * Max pooling of C planes H x W: windows size x size visited row by row, starting from the first
 * cell and taking each later value v with v > current. Two windows at a time, one per lane, with a
 * branch-free select (v > m ? v : m lane by lane: a NaN or an equal value never replaces m).
 */
export function maxPool(src: usize, C: i32, H: i32, W: i32, size: i32, stride: i32, OH: i32, OW: i32, dst: usize): void {
  const rw = <usize>W << 3;
  const sx = <usize>stride << 3;
  let d = dst;
  for (let c = 0; c < C; c++) {
    for (let oy = 0; oy < OH; oy++) {
      let b = src + ((<usize>((c * H + oy * stride) * W)) << 3);
      let ox = 0;
      for (; ox + 2 <= OW; ox += 2) {
        const b1 = b + sx;
        let m = v128.load64_lane(b1, v128.load64_splat(b), 1);
        for (let kx = 1; kx < size; kx++) {
          const o = <usize>kx << 3;
          m = maxLanes(m, v128.load64_lane(b1 + o, v128.load64_splat(b + o), 1));
        }
        for (let ky = 1; ky < size; ky++) {
          const r = <usize>ky * rw;
          for (let kx = 0; kx < size; kx++) {
            const o = r + (<usize>kx << 3);
            m = maxLanes(m, v128.load64_lane(b1 + o, v128.load64_splat(b + o), 1));
          }
        }
        v128.store(d, m);
        d += 16;
        b += 2 * sx;
      }
      if (ox < OW) {
        let m = v128.load64_splat(b);
        for (let ky = 0; ky < size; ky++) {
          for (let kx = ky == 0 ? 1 : 0; kx < size; kx++) m = maxLanes(m, v128.load64_splat(b + <usize>ky * rw + (<usize>kx << 3)));
        }
        store<f64>(d, f64x2.extract_lane(m, 0));
        d += 8;
      }
    }
  }
}

// @ts-ignore: decorator
@inline
function maxLanes(m: v128, v: v128): v128 {
  return v128.bitselect(v, m, f64x2.gt(v, m));
}

/** Average pooling: the window's first cell, plus the others row by row, divided by size*size. */
export function avgPool(src: usize, C: i32, H: i32, W: i32, size: i32, stride: i32, OH: i32, OW: i32, dst: usize): void {
  const area = <f64>(size * size);
  const rw = <usize>W << 3;
  const sx = <usize>stride << 3;
  let d = dst;
  for (let c = 0; c < C; c++) {
    for (let oy = 0; oy < OH; oy++) {
      let b = src + ((<usize>((c * H + oy * stride) * W)) << 3);
      for (let ox = 0; ox < OW; ox++) {
        let m = load<f64>(b);
        for (let kx = 1; kx < size; kx++) m = m + load<f64>(b + (<usize>kx << 3));
        for (let ky = 1; ky < size; ky++) {
          const r = b + <usize>ky * rw;
          for (let kx = 0; kx < size; kx++) m = m + load<f64>(r + (<usize>kx << 3));
        }
        store<f64>(d, m / area);
        d += 8;
        b += sx;
      }
    }
  }
}

/** Per plane: element 0, plus the others in order, divided by the plane's size. */
export function globalAvgPool(src: usize, C: i32, plane: i32, dst: usize): void {
  const n = <f64>plane;
  for (let c = 0; c < C; c++) {
    const p = src + ((<usize>(c * plane)) << 3);
    let acc = load<f64>(p);
    for (let i = 1; i < plane; i++) acc = acc + load<f64>(p + (<usize>i << 3));
    store<f64>(dst + (<usize>c << 3), acc / n);
  }
}

/**
 * y = ((x - mean[c]) / dev[c]) * gamma[c] + beta[c] over `count` samples of `channels` planes of
 * `plane` values; dev[c] = sqrt(variance[c] + epsilon), computed once by the caller.
 */
export function batchNorm(
  src: usize, dst: usize, count: i32, channels: i32, plane: i32, mean: usize, dev: usize, gamma: usize, beta: usize,
): void {
  let s = src;
  let d = dst;
  for (let n = 0; n < count; n++) {
    for (let c = 0; c < channels; c++) {
      const o = <usize>c << 3;
      const mu = load<f64>(mean + o);
      const sd = load<f64>(dev + o);
      const g = load<f64>(gamma + o);
      const b = load<f64>(beta + o);
      for (let e = 0; e < plane; e++) {
        store<f64>(d, ((load<f64>(s) - mu) / sd) * g + b);
        s += 8;
        d += 8;
      }
    }
  }
}

/** relu: x > 0 ? x : +0 (NaN gives +0), two values at a time. */
export function relu(src: usize, dst: usize, n: i32): void {
  const zero = f64x2.splat(0);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    const x = v128.load(src + o);
    v128.store(dst + o, v128.and(x, f64x2.gt(x, zero)));
  }
  if (i < n) {
    const x = load<f64>(src + (<usize>i << 3));
    store<f64>(dst + (<usize>i << 3), x > 0 ? x : 0);
  }
}

// exp from + - * only (src/ml/eval/exp.ts): the Taylor coefficients 1/n! are written by the JS side
// at address `coef` (14 values), so both share the very same constants.
const INV_LN2: f64 = 1.4426950408889634;
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;

// @ts-ignore: decorator
@inline
function exp64(x: f64, coef: usize): f64 {
  if (x != x) return x;
  if (x > 709) return Infinity;
  if (x < -708) return 0;
  const k = floor<f64>(x * INV_LN2 + 0.5);
  const r = x - k * LN2_HI - k * LN2_LO;
  let p = load<f64>(coef, 13 << 3);
  for (let n = 12; n >= 0; n--) p = p * r + load<f64>(coef + (<usize>n << 3));
  // 2^k, k in -1022..1023: a normal number, built exactly from its exponent bits.
  return p * reinterpret<f64>((<i64>k + 1023) << 52);
}

/** sigmoid (isTanh false): 1 / (1 + exp(-x)); tanh: 1 - 2 / (exp(2|x|) + 1), sign restored. */
export function squash(src: usize, dst: usize, n: i32, isTanh: bool, coef: usize): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const x = load<f64>(src + o);
    let y: f64;
    if (isTanh) {
      const t = 1 - 2 / (exp64(2 * (x < 0 ? -x : x), coef) + 1);
      y = x < 0 ? -t : t;
    } else {
      y = 1 / (1 + exp64(-x, coef));
    }
    store<f64>(dst + o, y);
  }
}
