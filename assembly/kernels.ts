// The training engine's hot loops, compiled to WebAssembly SIMD (f32x4) by AssemblyScript at build
// time (npm run build:wasm). Every argument is a float count or a byte address in linear memory, which
// the engine's arena (src/ml/tensor/arena.ts) hands out; no kernel allocates.

/** C[m,n] (+)= A[m,k] * B[k,n]; A(i,p) is at a + 4*(i*rsA + p*csA), so A may be read transposed. */
export function gemm(
  m: i32, n: i32, k: i32,
  a: usize, rsA: i32, csA: i32,
  b: usize, ldb: i32,
  c: usize, ldc: i32,
  accumulate: bool,
): void {
  const aRow = <usize>rsA << 2;
  const aCol = <usize>csA << 2;
  const bRow = <usize>ldb << 2;
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    let i = 0;
    for (; i + 4 <= m; i += 4) gemm4x8(k, a + <usize>i * aRow, aRow, aCol, b + (<usize>j << 2), bRow, c + ((<usize>i * ldc + j) << 2), <usize>ldc << 2, accumulate);
    for (; i < m; i++) gemm1x8(k, a + <usize>i * aRow, aCol, b + (<usize>j << 2), bRow, c + ((<usize>i * ldc + j) << 2), accumulate);
  }
  for (; j + 4 <= n; j += 4) {
    for (let i = 0; i < m; i++) gemm1x4(k, a + <usize>i * aRow, aCol, b + (<usize>j << 2), bRow, c + ((<usize>i * ldc + j) << 2), accumulate);
  }
  for (; j < n; j++) {
    for (let i = 0; i < m; i++) {
      let s: f32 = 0;
      let ap = a + <usize>i * aRow;
      let bp = b + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        s += load<f32>(ap) * load<f32>(bp);
        ap += aCol;
        bp += bRow;
      }
      const cp = c + ((<usize>i * ldc + j) << 2);
      store<f32>(cp, accumulate ? load<f32>(cp) + s : s);
    }
  }
}

// @ts-ignore: decorator
@inline
function gemm4x8(k: i32, a: usize, aRow: usize, aCol: usize, b: usize, bRow: usize, c: usize, cRow: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let ap = a;
  let bp = b;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const a0 = f32x4.splat(load<f32>(ap));
    const a1 = f32x4.splat(load<f32>(ap + aRow));
    const a2 = f32x4.splat(load<f32>(ap + 2 * aRow));
    const a3 = f32x4.splat(load<f32>(ap + 3 * aRow));
    c00 = f32x4.add(c00, f32x4.mul(a0, b0));
    c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    c10 = f32x4.add(c10, f32x4.mul(a1, b0));
    c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    c20 = f32x4.add(c20, f32x4.mul(a2, b0));
    c21 = f32x4.add(c21, f32x4.mul(a2, b1));
    c30 = f32x4.add(c30, f32x4.mul(a3, b0));
    c31 = f32x4.add(c31, f32x4.mul(a3, b1));
    ap += aCol;
    bp += bRow;
  }
  storeRow8(c, c00, c01, accumulate);
  storeRow8(c + cRow, c10, c11, accumulate);
  storeRow8(c + 2 * cRow, c20, c21, accumulate);
  storeRow8(c + 3 * cRow, c30, c31, accumulate);
}

// @ts-ignore: decorator
@inline
function gemm1x8(k: i32, a: usize, aCol: usize, b: usize, bRow: usize, c: usize, accumulate: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  let ap = a;
  let bp = b;
  for (let p = 0; p < k; p++) {
    const a0 = f32x4.splat(load<f32>(ap));
    c0 = f32x4.add(c0, f32x4.mul(a0, v128.load(bp)));
    c1 = f32x4.add(c1, f32x4.mul(a0, v128.load(bp, 16)));
    ap += aCol;
    bp += bRow;
  }
  storeRow8(c, c0, c1, accumulate);
}

// @ts-ignore: decorator
@inline
function gemm1x4(k: i32, a: usize, aCol: usize, b: usize, bRow: usize, c: usize, accumulate: bool): void {
  let c0 = f32x4.splat(0);
  let ap = a;
  let bp = b;
  for (let p = 0; p < k; p++) {
    c0 = f32x4.add(c0, f32x4.mul(f32x4.splat(load<f32>(ap)), v128.load(bp)));
    ap += aCol;
    bp += bRow;
  }
  v128.store(c, accumulate ? f32x4.add(v128.load(c), c0) : c0);
}

// @ts-ignore: decorator
@inline
function storeRow8(c: usize, v0: v128, v1: v128, accumulate: bool): void {
  if (accumulate) {
    v0 = f32x4.add(v128.load(c), v0);
    v1 = f32x4.add(v128.load(c, 16), v1);
  }
  v128.store(c, v0);
  v128.store(c, v1, 16);
}

/** C[m,n] (+)= A[m,k] * B[n,k]^T: dot products of rows, vectorised along k. */
export function gemmNT(
  m: i32, n: i32, k: i32,
  a: usize, lda: i32,
  b: usize, ldb: i32,
  c: usize, ldc: i32,
  accumulate: bool,
): void {
  const aRow = <usize>lda << 2;
  const bRow = <usize>ldb << 2;
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const a0 = a + <usize>i * aRow;
    let j = 0;
    for (; j + 4 <= n; j += 4) dot2x4(k, a0, aRow, b + <usize>j * bRow, bRow, c + ((<usize>i * ldc + j) << 2), <usize>ldc << 2, accumulate);
    for (; j < n; j++) {
      const bj = b + <usize>j * bRow;
      storeDot(c + ((<usize>i * ldc + j) << 2), dot(k, a0, bj), accumulate);
      storeDot(c + ((<usize>(i + 1) * ldc + j) << 2), dot(k, a0 + aRow, bj), accumulate);
    }
  }
  for (; i < m; i++) {
    for (let j = 0; j < n; j++) storeDot(c + ((<usize>i * ldc + j) << 2), dot(k, a + <usize>i * aRow, b + <usize>j * bRow), accumulate);
  }
}

// @ts-ignore: decorator
@inline
function storeDot(c: usize, s: f32, accumulate: bool): void {
  store<f32>(c, accumulate ? load<f32>(c) + s : s);
}

// @ts-ignore: decorator
@inline
function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

function dot(k: i32, a: usize, b: usize): f32 {
  let acc = f32x4.splat(0);
  let p = 0;
  for (; p + 4 <= k; p += 4) {
    const off = <usize>p << 2;
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + off), v128.load(b + off)));
  }
  let s = hsum(acc);
  for (; p < k; p++) s += load<f32>(a + (<usize>p << 2)) * load<f32>(b + (<usize>p << 2));
  return s;
}

// @ts-ignore: decorator
@inline
function dot2x4(k: i32, a: usize, aRow: usize, b: usize, bRow: usize, c: usize, cRow: usize, accumulate: bool): void {
  let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s02 = f32x4.splat(0), s03 = f32x4.splat(0);
  let s10 = f32x4.splat(0), s11 = f32x4.splat(0), s12 = f32x4.splat(0), s13 = f32x4.splat(0);
  const a1 = a + aRow;
  const b1 = b + bRow;
  const b2 = b + 2 * bRow;
  const b3 = b + 3 * bRow;
  let p = 0;
  for (; p + 4 <= k; p += 4) {
    const off = <usize>p << 2;
    const x0 = v128.load(a + off);
    const x1 = v128.load(a1 + off);
    const y0 = v128.load(b + off);
    const y1 = v128.load(b1 + off);
    const y2 = v128.load(b2 + off);
    const y3 = v128.load(b3 + off);
    s00 = f32x4.add(s00, f32x4.mul(x0, y0));
    s01 = f32x4.add(s01, f32x4.mul(x0, y1));
    s02 = f32x4.add(s02, f32x4.mul(x0, y2));
    s03 = f32x4.add(s03, f32x4.mul(x0, y3));
    s10 = f32x4.add(s10, f32x4.mul(x1, y0));
    s11 = f32x4.add(s11, f32x4.mul(x1, y1));
    s12 = f32x4.add(s12, f32x4.mul(x1, y2));
    s13 = f32x4.add(s13, f32x4.mul(x1, y3));
  }
  let r00 = hsum(s00), r01 = hsum(s01), r02 = hsum(s02), r03 = hsum(s03);
  let r10 = hsum(s10), r11 = hsum(s11), r12 = hsum(s12), r13 = hsum(s13);
  for (; p < k; p++) {
    const off = <usize>p << 2;
    const x0 = load<f32>(a + off);
    const x1 = load<f32>(a1 + off);
    const y0 = load<f32>(b + off), y1 = load<f32>(b1 + off), y2 = load<f32>(b2 + off), y3 = load<f32>(b3 + off);
    r00 += x0 * y0; r01 += x0 * y1; r02 += x0 * y2; r03 += x0 * y3;
    r10 += x1 * y0; r11 += x1 * y1; r12 += x1 * y2; r13 += x1 * y3;
  }
  storeDot(c, r00, accumulate); storeDot(c + 4, r01, accumulate); storeDot(c + 8, r02, accumulate); storeDot(c + 12, r03, accumulate);
  const c1 = c + cRow;
  storeDot(c1, r10, accumulate); storeDot(c1 + 4, r11, accumulate); storeDot(c1 + 8, r12, accumulate); storeDot(c1 + 12, r13, accumulate);
}

/**
 * One sample's image (c, h, w) to columns [c*k*k, oh*ow]: row (ch, ky, kx) holds the input pixel each
 * output position sees through that kernel tap, 0 in the padding.
 */
export function im2col(src: usize, c: i32, h: i32, w: i32, k: i32, stride: i32, padT: i32, padL: i32, oh: i32, ow: i32, dst: usize): void {
  let d = dst;
  for (let ch = 0; ch < c; ch++) {
    for (let ky = 0; ky < k; ky++) {
      for (let kx = 0; kx < k; kx++) {
        const lo = validStart(kx - padL, stride);
        const hi = validEnd(kx - padL, stride, w, ow);
        for (let oy = 0; oy < oh; oy++) {
          const iy = oy * stride + ky - padT;
          if (iy < 0 || iy >= h || lo >= hi) {
            memory.fill(d, 0, <usize>ow << 2);
          } else {
            if (lo > 0) memory.fill(d, 0, <usize>lo << 2);
            const row = src + ((<usize>(ch * h + iy) * w) << 2);
            if (stride == 1) {
              memory.copy(d + (<usize>lo << 2), row + (<usize>(lo + kx - padL) << 2), <usize>(hi - lo) << 2);
            } else {
              for (let ox = lo; ox < hi; ox++) store<f32>(d + (<usize>ox << 2), load<f32>(row + (<usize>(ox * stride + kx - padL) << 2)));
            }
            if (hi < ow) memory.fill(d + (<usize>hi << 2), 0, <usize>(ow - hi) << 2);
          }
          d += <usize>ow << 2;
        }
      }
    }
  }
}

/** The adjoint of im2col: adds each column entry back onto the pixel it was read from (dst is not cleared). */
export function col2im(cols: usize, c: i32, h: i32, w: i32, k: i32, stride: i32, padT: i32, padL: i32, oh: i32, ow: i32, dst: usize): void {
  let s = cols;
  for (let ch = 0; ch < c; ch++) {
    for (let ky = 0; ky < k; ky++) {
      for (let kx = 0; kx < k; kx++) {
        const lo = validStart(kx - padL, stride);
        const hi = validEnd(kx - padL, stride, w, ow);
        for (let oy = 0; oy < oh; oy++) {
          const iy = oy * stride + ky - padT;
          if (iy >= 0 && iy < h) {
            const row = dst + ((<usize>(ch * h + iy) * w) << 2);
            if (stride == 1) {
              const base = row + (<usize>(kx - padL) << 2);
              let ox = lo;
              for (; ox + 4 <= hi; ox += 4) {
                const p = base + (<usize>ox << 2);
                v128.store(p, f32x4.add(v128.load(p), v128.load(s + (<usize>ox << 2))));
              }
              for (; ox < hi; ox++) {
                const p = base + (<usize>ox << 2);
                store<f32>(p, load<f32>(p) + load<f32>(s + (<usize>ox << 2)));
              }
            } else {
              for (let ox = lo; ox < hi; ox++) {
                const p = row + (<usize>(ox * stride + kx - padL) << 2);
                store<f32>(p, load<f32>(p) + load<f32>(s + (<usize>ox << 2)));
              }
            }
          }
          s += <usize>ow << 2;
        }
      }
    }
  }
}

/** First output column whose input column ox*stride + offset is >= 0. */
// @ts-ignore: decorator
@inline
function validStart(offset: i32, stride: i32): i32 {
  return offset >= 0 ? 0 : (-offset + stride - 1) / stride;
}

/** One past the last output column whose input column ox*stride + offset is < w. */
// @ts-ignore: decorator
@inline
function validEnd(offset: i32, stride: i32, w: i32, ow: i32): i32 {
  const end = w - offset <= 0 ? 0 : (w - offset - 1) / stride + 1;
  return end < ow ? end : ow;
}

/** y = max(x, 0) over count floats. */
export function relu(x: usize, y: usize, count: i32): void {
  const zero = f32x4.splat(0);
  const end = x + (<usize>count << 2);
  let p = x;
  let q = y;
  for (; p + 16 <= end; p += 16, q += 16) v128.store(q, f32x4.max(v128.load(p), zero));
  for (; p < end; p += 4, q += 4) store<f32>(q, max(load<f32>(p), 0));
}

/** dx = dy where y > 0, else 0. */
export function reluBackward(y: usize, dy: usize, dx: usize, count: i32): void {
  const zero = f32x4.splat(0);
  const end = y + (<usize>count << 2);
  let p = y;
  let g = dy;
  let d = dx;
  for (; p + 16 <= end; p += 16, g += 16, d += 16) v128.store(d, v128.and(v128.load(g), f32x4.gt(v128.load(p), zero)));
  for (; p < end; p += 4, g += 4, d += 4) store<f32>(d, load<f32>(p) > 0 ? load<f32>(g) : 0);
}

/** Max pooling over `planes` planes of h x w into y. */
export function maxPool(x: usize, planes: i32, h: i32, w: i32, size: i32, stride: i32, oh: i32, ow: i32, y: usize): void {
  if (size == 2 && stride == 2) return maxPool2x2(x, planes, h, w, oh, ow, y);
  let out = y;
  for (let plane = 0; plane < planes; plane++) {
    const base = x + ((<usize>plane * h * w) << 2);
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        let best = load<f32>(base + ((<usize>(oy * stride * w + ox * stride)) << 2));
        for (let ky = 0; ky < size; ky++) {
          const row = base + ((<usize>((oy * stride + ky) * w + ox * stride)) << 2);
          for (let kx = 0; kx < size; kx++) best = max(best, load<f32>(row + (<usize>kx << 2)));
        }
        store<f32>(out, best);
        out += 4;
      }
    }
  }
}

/** The common 2x2, stride-2 window, four outputs at a time: max of two rows, then of lane pairs. */
function maxPool2x2(x: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32, y: usize): void {
  let out = y;
  const rowBytes = <usize>w << 2;
  for (let plane = 0; plane < planes; plane++) {
    const base = x + ((<usize>plane * h * w) << 2);
    for (let oy = 0; oy < oh; oy++) {
      const r0 = base + 2 * <usize>oy * rowBytes;
      const r1 = r0 + rowBytes;
      let ox = 0;
      for (; ox + 4 <= ow; ox += 4) {
        const p = <usize>ox << 3;
        const a = f32x4.max(v128.load(r0 + p), v128.load(r1 + p));
        const b = f32x4.max(v128.load(r0 + p, 16), v128.load(r1 + p, 16));
        const even = v128.shuffle<f32>(a, b, 0, 2, 4, 6);
        const odd = v128.shuffle<f32>(a, b, 1, 3, 5, 7);
        v128.store(out, f32x4.max(even, odd));
        out += 16;
      }
      for (; ox < ow; ox++) {
        const p = <usize>ox << 3;
        store<f32>(out, max(max(load<f32>(r0 + p), load<f32>(r0 + p, 4)), max(load<f32>(r1 + p), load<f32>(r1 + p, 4))));
        out += 4;
      }
    }
  }
}

/**
 * dx = 0, then each output's gradient goes to the first input of its window (row by row) that equals
 * the window's maximum y.
 */
export function maxPoolBackward(x: usize, y: usize, dy: usize, planes: i32, h: i32, w: i32, size: i32, stride: i32, oh: i32, ow: i32, dx: usize): void {
  memory.fill(dx, 0, (<usize>planes * h * w) << 2);
  if (size == 2 && stride == 2) return maxPool2x2Backward(x, y, dy, planes, h, w, oh, ow, dx);
  let out: usize = 0;
  for (let plane = 0; plane < planes; plane++) {
    const offset = (<usize>plane * h * w) << 2;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const best = load<f32>(y + out);
        let at: usize = 0;
        for (let ky = 0; ky < size && at == 0; ky++) {
          const row = offset + ((<usize>((oy * stride + ky) * w + ox * stride)) << 2);
          for (let kx = 0; kx < size; kx++) {
            const p = row + (<usize>kx << 2);
            if (load<f32>(x + p) == best) {
              at = dx + p;
              break;
            }
          }
        }
        if (at != 0) store<f32>(at, load<f32>(at) + load<f32>(dy + out));
        out += 4;
      }
    }
  }
}

/** maxPoolBackward for non-overlapping 2x2 windows, four at a time, without branches. */
function maxPool2x2Backward(x: usize, y: usize, dy: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32, dx: usize): void {
  let out: usize = 0;
  const rowBytes = <usize>w << 2;
  for (let plane = 0; plane < planes; plane++) {
    const offset = (<usize>plane * h * w) << 2;
    for (let oy = 0; oy < oh; oy++) {
      const r0 = offset + 2 * <usize>oy * rowBytes;
      const r1 = r0 + rowBytes;
      let ox = 0;
      for (; ox + 4 <= ow; ox += 4) {
        const p = <usize>ox << 3;
        const a0 = v128.load(x + r0 + p), b0 = v128.load(x + r0 + p, 16);
        const a1 = v128.load(x + r1 + p), b1 = v128.load(x + r1 + p, 16);
        const best = v128.load(y + out);
        const g = v128.load(dy + out);
        const tl = f32x4.eq(v128.shuffle<f32>(a0, b0, 0, 2, 4, 6), best);
        const tr = v128.andnot(f32x4.eq(v128.shuffle<f32>(a0, b0, 1, 3, 5, 7), best), tl);
        const taken = v128.or(tl, tr);
        const bl = v128.andnot(f32x4.eq(v128.shuffle<f32>(a1, b1, 0, 2, 4, 6), best), taken);
        const br = v128.andnot(f32x4.eq(v128.shuffle<f32>(a1, b1, 1, 3, 5, 7), best), v128.or(taken, bl));
        const gtl = v128.and(g, tl), gtr = v128.and(g, tr), gbl = v128.and(g, bl), gbr = v128.and(g, br);
        v128.store(dx + r0 + p, v128.shuffle<f32>(gtl, gtr, 0, 4, 1, 5));
        v128.store(dx + r0 + p, v128.shuffle<f32>(gtl, gtr, 2, 6, 3, 7), 16);
        v128.store(dx + r1 + p, v128.shuffle<f32>(gbl, gbr, 0, 4, 1, 5));
        v128.store(dx + r1 + p, v128.shuffle<f32>(gbl, gbr, 2, 6, 3, 7), 16);
        out += 16;
      }
      for (; ox < ow; ox++) {
        const p = <usize>ox << 3;
        const best = load<f32>(y + out);
        const g = load<f32>(dy + out);
        const at = load<f32>(x + r0 + p) == best ? r0 + p
          : load<f32>(x + r0 + p, 4) == best ? r0 + p + 4
          : load<f32>(x + r1 + p) == best ? r1 + p
          : r1 + p + 4;
        store<f32>(dx + at, g);
        out += 4;
      }
    }
  }
}

/** dst[r] += sum of src's row r, for a rows x cols matrix. */
export function addRowSums(src: usize, rows: i32, cols: i32, dst: usize): void {
  let p = src;
  for (let r = 0; r < rows; r++) {
    let acc = f32x4.splat(0);
    const end = p + (<usize>cols << 2);
    for (; p + 16 <= end; p += 16) acc = f32x4.add(acc, v128.load(p));
    let s = hsum(acc);
    for (; p < end; p += 4) s += load<f32>(p);
    const d = dst + (<usize>r << 2);
    store<f32>(d, load<f32>(d) + s);
  }
}

/** dst += src over count floats. */
export function addInto(dst: usize, src: usize, count: i32): void {
  const end = dst + (<usize>count << 2);
  let d = dst;
  let s = src;
  for (; d + 16 <= end; d += 16, s += 16) v128.store(d, f32x4.add(v128.load(d), v128.load(s)));
  for (; d < end; d += 4, s += 4) store<f32>(d, load<f32>(d) + load<f32>(s));
}

/** One SGD-with-momentum step over count parameters: v = mu v + g + wd p; p -= lr v. */
export function sgdStep(p: usize, g: usize, v: usize, count: i32, lr: f32, momentum: f32, wd: f32): void {
  const vlr = f32x4.splat(lr), vmu = f32x4.splat(momentum), vwd = f32x4.splat(wd);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const o = <usize>i << 2;
    const pi = v128.load(p + o);
    const vi = f32x4.add(f32x4.add(f32x4.mul(vmu, v128.load(v + o)), v128.load(g + o)), f32x4.mul(vwd, pi));
    v128.store(v + o, vi);
    v128.store(p + o, f32x4.sub(pi, f32x4.mul(vlr, vi)));
  }
  for (; i < count; i++) {
    const o = <usize>i << 2;
    const pi = load<f32>(p + o);
    const vi = momentum * load<f32>(v + o) + load<f32>(g + o) + wd * pi;
    store<f32>(v + o, vi);
    store<f32>(p + o, pi - lr * vi);
  }
}

/**
 * One Adam step over count parameters, g = grad + wd p: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 * p -= stepSize m / (sqrt(v) / rootC2 + eps), where stepSize = lr / (1 - b1^t), rootC2 = sqrt(1 - b2^t).
 */
export function adamStep(p: usize, g: usize, m: usize, v: usize, count: i32, stepSize: f32, rootC2: f32, wd: f32, b1: f32, b2: f32, eps: f32): void {
  const vs = f32x4.splat(stepSize), vc2 = f32x4.splat(1 / rootC2), vwd = f32x4.splat(wd);
  const vb1 = f32x4.splat(b1), vb2 = f32x4.splat(b2), va1 = f32x4.splat(1 - b1), va2 = f32x4.splat(1 - b2), veps = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const o = <usize>i << 2;
    const pi = v128.load(p + o);
    const gi = f32x4.add(v128.load(g + o), f32x4.mul(vwd, pi));
    const mi = f32x4.add(f32x4.mul(vb1, v128.load(m + o)), f32x4.mul(va1, gi));
    const vi = f32x4.add(f32x4.mul(vb2, v128.load(v + o)), f32x4.mul(va2, f32x4.mul(gi, gi)));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vi), vc2), veps);
    v128.store(p + o, f32x4.sub(pi, f32x4.div(f32x4.mul(vs, mi), denom)));
  }
  for (; i < count; i++) {
    const o = <usize>i << 2;
    const pi = load<f32>(p + o);
    const gi = load<f32>(g + o) + wd * pi;
    const mi = b1 * load<f32>(m + o) + (1 - b1) * gi;
    const vi = b2 * load<f32>(v + o) + (1 - b2) * gi * gi;
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    store<f32>(p + o, pi - (stepSize * mi) / (sqrt<f32>(vi) / rootC2 + eps));
  }
}
