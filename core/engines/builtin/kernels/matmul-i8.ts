// INT8 matrix products with exact int32 accumulation. Zero points are subtracted once while
// packing (weights at load, activations per run) into int16, so the inner loops are plain
// i16 dot products: sum_k (a - za)(w - zw) with no correction terms. |a - za|, |w - zw| ≤ 255
// keeps every partial sum far inside int32 for any K below 33 000.

/** Output modes shared by the int8 products. */
const RAW_I32: i32 = 0; // MatMulInteger: the int32 sums themselves
// 1: float = sum * sa * scale[n] (+ bias[n])  (QDQ MatMul, QLinearMatMul before requantizing)

@inline function emit(out: usize, raw: i32, n: i32, mode: i32, scale: usize, sa: f32, bias: usize): void {
  if (mode == RAW_I32) {
    store<i32>(out, raw);
    return;
  }
  let v = <f32>raw * sa * load<f32>(scale + <usize>n * 4);
  if (bias) v += load<f32>(bias + <usize>n * 4);
  store<f32>(out, v);
}

@inline function readByte(p: usize, signed: i32): i32 {
  return signed ? <i32>load<i8>(p) : <i32>load<u8>(p);
}

/**
 * Weights to int16 rows: dst[n][k] = w[k, n] - zp[n] (zp: 0 = none, else one int32 per
 * column, or one for all when zpPerColumn is 0), rows padded with zeros to Kp (multiple of 8).
 */
export function packI8Weights(
  src: usize, K: i32, N: i32, ld: i32, transposed: i32, signed: i32,
  zp: usize, zpPerColumn: i32, dst: usize, Kp: i32,
): void {
  for (let n = 0; n < N; n++) {
    const z = zp ? load<i32>(zp + (zpPerColumn ? <usize>n * 4 : 0)) : 0;
    const row = dst + <usize>(n * Kp) * 2;
    for (let k = 0; k < Kp; k++) {
      let v = 0;
      if (k < K) {
        const p = transposed ? src + <usize>(n * ld + k) : src + <usize>(k * ld + n);
        v = readByte(p, signed) - z;
      }
      store<i16>(row + <usize>k * 2, <i16>v);
    }
  }
}

/** Activations to int16 rows: dst[m][k] = a[m, k] - za, padded with zeros to Kp. */
export function prepI8Rows(src: usize, M: i32, K: i32, signed: i32, za: i32, dst: usize, Kp: i32): void {
  for (let m = 0; m < M; m++) {
    const s = src + <usize>(m * K);
    const d = dst + <usize>(m * Kp) * 2;
    for (let k = 0; k < K; k++) store<i16>(d + <usize>k * 2, <i16>(readByte(s + <usize>k, signed) - za));
    for (let k = K; k < Kp; k++) store<i16>(d + <usize>k * 2, 0);
  }
}

/** Activations transposed to int16: dst[k][m] = a[m, k] - za, rows padded with zeros to Mp. */
export function prepI8Cols(src: usize, M: i32, K: i32, signed: i32, za: i32, dst: usize, Mp: i32): void {
  for (let k = 0; k < K; k++) {
    const d = dst + <usize>(k * Mp) * 2;
    for (let m = 0; m < M; m++) store<i16>(d + <usize>m * 2, <i16>(readByte(src + <usize>(m * K + k), signed) - za));
    for (let m = M; m < Mp; m++) store<i16>(d + <usize>m * 2, 0);
  }
}

@inline function hsum(v: v128): i32 {
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
}

/**
 * Dense int8 product over int16-packed operands (a: M×Kp rows, w: N×Kp rows) for output
 * columns [n0, n1). out is row-major with row stride ldc, 4-byte elements (int32 or float).
 */
export function matmulI8(
  a: usize, w: usize, Kp: i32, M: i32, n0: i32, n1: i32,
  out: usize, ldc: i32, mode: i32, scale: usize, sa: f32, bias: usize,
): void {
  const rowBytes = <usize>Kp * 2;
  for (let m = 0; m < M; m++) {
    const ar = a + <usize>m * rowBytes;
    const orow = out + <usize>(m * ldc) * 4;
    let n = n0;
    // 1 row × 4 columns: each activation vector is loaded once for four weight rows.
    for (; n + 4 <= n1; n += 4) {
      const w0 = w + <usize>n * rowBytes;
      const w1 = w0 + rowBytes;
      const w2 = w1 + rowBytes;
      const w3 = w2 + rowBytes;
      let s0 = i32x4.splat(0), s1 = i32x4.splat(0), s2 = i32x4.splat(0), s3 = i32x4.splat(0);
      for (let k: usize = 0; k < rowBytes; k += 16) {
        const av = v128.load(ar + k);
        s0 = i32x4.add(s0, i32x4.dot_i16x8_s(av, v128.load(w0 + k)));
        s1 = i32x4.add(s1, i32x4.dot_i16x8_s(av, v128.load(w1 + k)));
        s2 = i32x4.add(s2, i32x4.dot_i16x8_s(av, v128.load(w2 + k)));
        s3 = i32x4.add(s3, i32x4.dot_i16x8_s(av, v128.load(w3 + k)));
      }
      emit(orow + <usize>n * 4, hsum(s0), n, mode, scale, sa, bias);
      emit(orow + <usize>(n + 1) * 4, hsum(s1), n + 1, mode, scale, sa, bias);
      emit(orow + <usize>(n + 2) * 4, hsum(s2), n + 2, mode, scale, sa, bias);
      emit(orow + <usize>(n + 3) * 4, hsum(s3), n + 3, mode, scale, sa, bias);
    }
    for (; n < n1; n++) {
      const w0 = w + <usize>n * rowBytes;
      let s0 = i32x4.splat(0);
      for (let k: usize = 0; k < rowBytes; k += 16) s0 = i32x4.add(s0, i32x4.dot_i16x8_s(v128.load(ar + k), v128.load(w0 + k)));
      emit(orow + <usize>n * 4, hsum(s0), n, mode, scale, sa, bias);
    }
  }
}

/** Store 4 lanes (int32 sums, or floats after scaling) down a column, at most `count`. */
@inline function storeColumn(c: usize, v: v128, ld: usize, count: i32): void {
  if (count <= 0) return;
  store<i32>(c, i32x4.extract_lane(v, 0));
  if (count > 1) store<i32>(c + ld, i32x4.extract_lane(v, 1));
  if (count > 2) store<i32>(c + 2 * ld, i32x4.extract_lane(v, 2));
  if (count > 3) store<i32>(c + 3 * ld, i32x4.extract_lane(v, 3));
}

/** The 4-byte lanes to store for int32 sums: raw, or converted and scaled to float. */
@inline function finish(acc: v128, mode: i32, mul: v128, add: v128): v128 {
  if (mode == RAW_I32) return acc;
  return f32x4.add(f32x4.mul(f32x4.convert_i32x4_s(acc), mul), add);
}

/**
 * Sparse int8 product: weights by output column (colPtr/rowIdx as for spmmF32, vals int16
 * holding w - zw, only where w ≠ zw — the other terms are exactly zero), activations
 * transposed (at[k][m] int16, row stride Mp = M rounded up to 8). SIMD over tokens, 32 per
 * pass; sums are scaled in SIMD and stored down the output column.
 */
export function spmmI8(
  at: usize, Mp: i32, M: i32, colPtr: usize, rowIdx: usize, vals: usize,
  out: usize, ldc: i32, n0: i32, n1: i32, mode: i32, scale: usize, sa: f32, bias: usize,
): void {
  const rowBytes = <usize>Mp * 2;
  const ld = <usize>ldc * 4;
  for (let n = n0; n < n1; n++) {
    const s = load<i32>(colPtr + <usize>n * 4);
    const e = load<i32>(colPtr + <usize>n * 4 + 4);
    const mul = f32x4.splat(mode == RAW_I32 ? 0 : sa * load<f32>(scale + <usize>n * 4));
    const add = f32x4.splat(mode != RAW_I32 && bias ? load<f32>(bias + <usize>n * 4) : 0);
    let m = 0;
    // 32 tokens per pass, nonzeros in pairs: the two activation rows are interleaved by
    // shuffles so one i32x4.dot_i16x8_s does two multiply-adds per lane (extmul would
    // need three x86 instructions per product).
    const pairEnd = s + ((e - s) & ~1);
    for (; m + 32 <= Mp; m += 32) {
      let acc0 = i32x4.splat(0), acc1 = i32x4.splat(0), acc2 = i32x4.splat(0), acc3 = i32x4.splat(0);
      let acc4 = i32x4.splat(0), acc5 = i32x4.splat(0), acc6 = i32x4.splat(0), acc7 = i32x4.splat(0);
      const base = at + <usize>m * 2;
      for (let j = s; j < e; j += 2) {
        const p1 = base + <usize>load<i32>(rowIdx + <usize>j * 4) * rowBytes;
        const w1 = <i32>load<u16>(vals + <usize>j * 2);
        // An odd last nonzero pairs with itself at weight 0.
        const second = j < pairEnd;
        const p2 = second ? base + <usize>load<i32>(rowIdx + <usize>j * 4 + 4) * rowBytes : p1;
        const w2 = second ? <i32>load<u16>(vals + <usize>j * 2 + 2) : 0;
        const wv = i32x4.splat(w1 | (w2 << 16));
        {
          const xa = v128.load(p1, 0);
          const xb = v128.load(p2, 0);
          const lo = i8x16.shuffle(xa, xb, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
          const hi = i8x16.shuffle(xa, xb, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31);
          acc0 = i32x4.add(acc0, i32x4.dot_i16x8_s(lo, wv));
          acc1 = i32x4.add(acc1, i32x4.dot_i16x8_s(hi, wv));
        }
        {
          const xa = v128.load(p1, 16);
          const xb = v128.load(p2, 16);
          const lo = i8x16.shuffle(xa, xb, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
          const hi = i8x16.shuffle(xa, xb, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31);
          acc2 = i32x4.add(acc2, i32x4.dot_i16x8_s(lo, wv));
          acc3 = i32x4.add(acc3, i32x4.dot_i16x8_s(hi, wv));
        }
        {
          const xa = v128.load(p1, 32);
          const xb = v128.load(p2, 32);
          const lo = i8x16.shuffle(xa, xb, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
          const hi = i8x16.shuffle(xa, xb, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31);
          acc4 = i32x4.add(acc4, i32x4.dot_i16x8_s(lo, wv));
          acc5 = i32x4.add(acc5, i32x4.dot_i16x8_s(hi, wv));
        }
        {
          const xa = v128.load(p1, 48);
          const xb = v128.load(p2, 48);
          const lo = i8x16.shuffle(xa, xb, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
          const hi = i8x16.shuffle(xa, xb, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31);
          acc6 = i32x4.add(acc6, i32x4.dot_i16x8_s(lo, wv));
          acc7 = i32x4.add(acc7, i32x4.dot_i16x8_s(hi, wv));
        }
      }
      const ob = out + <usize>(m * ldc + n) * 4;
      storeColumn(ob, finish(acc0, mode, mul, add), ld, M - m);
      storeColumn(ob + 4 * ld, finish(acc1, mode, mul, add), ld, M - m - 4);
      storeColumn(ob + 8 * ld, finish(acc2, mode, mul, add), ld, M - m - 8);
      storeColumn(ob + 12 * ld, finish(acc3, mode, mul, add), ld, M - m - 12);
      storeColumn(ob + 16 * ld, finish(acc4, mode, mul, add), ld, M - m - 16);
      storeColumn(ob + 20 * ld, finish(acc5, mode, mul, add), ld, M - m - 20);
      storeColumn(ob + 24 * ld, finish(acc6, mode, mul, add), ld, M - m - 24);
      storeColumn(ob + 28 * ld, finish(acc7, mode, mul, add), ld, M - m - 28);
    }
    for (; m + 16 <= Mp; m += 16) {
      let acc0 = i32x4.splat(0), acc1 = i32x4.splat(0), acc2 = i32x4.splat(0), acc3 = i32x4.splat(0);
      const base = at + <usize>m * 2;
      for (let j = s; j < e; j++) {
        const wv = i16x8.splat(load<i16>(vals + <usize>j * 2));
        const p = base + <usize>load<i32>(rowIdx + <usize>j * 4) * rowBytes;
        const x0 = v128.load(p);
        const x1 = v128.load(p, 16);
        acc0 = i32x4.add(acc0, i32x4.extmul_low_i16x8_s(x0, wv));
        acc1 = i32x4.add(acc1, i32x4.extmul_high_i16x8_s(x0, wv));
        acc2 = i32x4.add(acc2, i32x4.extmul_low_i16x8_s(x1, wv));
        acc3 = i32x4.add(acc3, i32x4.extmul_high_i16x8_s(x1, wv));
      }
      const ob = out + <usize>(m * ldc + n) * 4;
      storeColumn(ob, finish(acc0, mode, mul, add), ld, M - m);
      storeColumn(ob + 4 * ld, finish(acc1, mode, mul, add), ld, M - m - 4);
      storeColumn(ob + 8 * ld, finish(acc2, mode, mul, add), ld, M - m - 8);
      storeColumn(ob + 12 * ld, finish(acc3, mode, mul, add), ld, M - m - 12);
    }
    for (; m < Mp; m += 8) {
      let acc0 = i32x4.splat(0), acc1 = i32x4.splat(0);
      const base = at + <usize>m * 2;
      for (let j = s; j < e; j++) {
        const wv = i16x8.splat(load<i16>(vals + <usize>j * 2));
        const x0 = v128.load(base + <usize>load<i32>(rowIdx + <usize>j * 4) * rowBytes);
        acc0 = i32x4.add(acc0, i32x4.extmul_low_i16x8_s(x0, wv));
        acc1 = i32x4.add(acc1, i32x4.extmul_high_i16x8_s(x0, wv));
      }
      const ob = out + <usize>(m * ldc + n) * 4;
      storeColumn(ob, finish(acc0, mode, mul, add), ld, M - m);
      storeColumn(ob + 4 * ld, finish(acc1, mode, mul, add), ld, M - m - 4);
    }
  }
}
