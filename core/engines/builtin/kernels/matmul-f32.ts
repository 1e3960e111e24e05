// Dense and sparse FP32 matrix products. All pointers are byte offsets into the shared
// memory; every product takes an output-column range [n0, n1) so worker threads can split
// one MatMul by columns without touching each other's output.
import { madd } from './simd-math';

/** Columns per packed panel: two f32x4 vectors. */
const PANEL: i32 = 8;

/**
 * Pack B (K×N, or N×K when `transposed`) into panels of 8 columns: panel p holds
 * B[k][8p..8p+7] for k = 0..K-1 contiguously, zero padded past N. The micro-kernel then
 * reads B strictly sequentially, two vectors per k.
 */
export function packB(src: usize, K: i32, N: i32, ld: i32, transposed: i32, dst: usize): void {
  const panels = (N + PANEL - 1) / PANEL;
  for (let p = 0; p < panels; p++) {
    const base = dst + <usize>(p * K * PANEL) * 4;
    if (!transposed && p * PANEL + PANEL <= N) {
      // A whole panel of a row-major B: 8 contiguous floats per k, two vector copies.
      for (let k = 0; k < K; k++) {
        const s = src + <usize>(k * ld + p * PANEL) * 4;
        const d = base + <usize>(k * PANEL) * 4;
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
      }
      continue;
    }
    for (let k = 0; k < K; k++) {
      const row = base + <usize>(k * PANEL) * 4;
      for (let j = 0; j < PANEL; j++) {
        const n = p * PANEL + j;
        let v: f32 = 0;
        if (n < N) {
          v = transposed ? load<f32>(src + <usize>(n * ld + k) * 4) : load<f32>(src + <usize>(k * ld + n) * 4);
        }
        store<f32>(row + <usize>j * 4, v);
      }
    }
  }
}

@inline function storeCols(c: usize, v0: v128, v1: v128, cols: i32): void {
  if (cols >= 8) {
    v128.store(c, v0);
    v128.store(c, v1, 16);
    return;
  }
  // Partial last panel: lanes are stored one by one so we never write past column N (no
  // scratch memory: several threads may run this at once).
  store<f32>(c, f32x4.extract_lane(v0, 0));
  if (cols > 1) store<f32>(c + 4, f32x4.extract_lane(v0, 1));
  if (cols > 2) store<f32>(c + 8, f32x4.extract_lane(v0, 2));
  if (cols > 3) store<f32>(c + 12, f32x4.extract_lane(v0, 3));
  if (cols > 4) store<f32>(c + 16, f32x4.extract_lane(v1, 0));
  if (cols > 5) store<f32>(c + 20, f32x4.extract_lane(v1, 1));
  if (cols > 6) store<f32>(c + 24, f32x4.extract_lane(v1, 2));
}

/**
 * C[m, n] = sum_k A[m, k] * B[k, n] (+ bias[n]) for n in [n0, n1), n0 a multiple of 8.
 * A is row-major with row stride lda; C row-major with row stride ldc; bias is 0 (none) or
 * a float array padded to a multiple of 8.
 */
export function matmulPacked(
  a: usize, lda: i32, bp: usize, c: usize, ldc: i32,
  M: i32, K: i32, N: i32, n0: i32, n1: i32, bias: usize,
): void {
  const end = min(n1, N);
  for (let n = n0; n < end; n += PANEL) {
    const panel = bp + <usize>((n / PANEL) * K * PANEL) * 4;
    const cols = end - n;
    let init0 = f32x4.splat(0);
    let init1 = f32x4.splat(0);
    if (bias) {
      init0 = v128.load(bias + <usize>n * 4);
      init1 = v128.load(bias + <usize>n * 4, 16);
    }
    let m = 0;
    // 4 rows × 8 columns: 8 accumulators + 2 B vectors + 1 splat fit the 16 SIMD registers.
    for (; m + 4 <= M; m += 4) {
      let c00 = init0, c01 = init1, c10 = init0, c11 = init1;
      let c20 = init0, c21 = init1, c30 = init0, c31 = init1;
      let a0 = a + <usize>(m * lda) * 4;
      let a1 = a0 + <usize>lda * 4;
      let a2 = a1 + <usize>lda * 4;
      let a3 = a2 + <usize>lda * 4;
      let b = panel;
      let k = 0;
      // Four k at a time: one vector load per A row, lanes broadcast by shuffles, which is
      // cheaper than four scalar loads and splats.
      for (; k + 4 <= K; k += 4) {
        const v0 = v128.load(a0), v1 = v128.load(a1), v2 = v128.load(a2), v3 = v128.load(a3);
        {
          const b0 = v128.load(b, 0);
          const b1 = v128.load(b, 16);
          let s = v128.shuffle<f32>(v0, v0, 0, 0, 0, 0);
          c00 = madd(s, b0, c00);
          c01 = madd(s, b1, c01);
          s = v128.shuffle<f32>(v1, v1, 0, 0, 0, 0);
          c10 = madd(s, b0, c10);
          c11 = madd(s, b1, c11);
          s = v128.shuffle<f32>(v2, v2, 0, 0, 0, 0);
          c20 = madd(s, b0, c20);
          c21 = madd(s, b1, c21);
          s = v128.shuffle<f32>(v3, v3, 0, 0, 0, 0);
          c30 = madd(s, b0, c30);
          c31 = madd(s, b1, c31);
        }
        {
          const b0 = v128.load(b, 32);
          const b1 = v128.load(b, 48);
          let s = v128.shuffle<f32>(v0, v0, 1, 1, 1, 1);
          c00 = madd(s, b0, c00);
          c01 = madd(s, b1, c01);
          s = v128.shuffle<f32>(v1, v1, 1, 1, 1, 1);
          c10 = madd(s, b0, c10);
          c11 = madd(s, b1, c11);
          s = v128.shuffle<f32>(v2, v2, 1, 1, 1, 1);
          c20 = madd(s, b0, c20);
          c21 = madd(s, b1, c21);
          s = v128.shuffle<f32>(v3, v3, 1, 1, 1, 1);
          c30 = madd(s, b0, c30);
          c31 = madd(s, b1, c31);
        }
        {
          const b0 = v128.load(b, 64);
          const b1 = v128.load(b, 80);
          let s = v128.shuffle<f32>(v0, v0, 2, 2, 2, 2);
          c00 = madd(s, b0, c00);
          c01 = madd(s, b1, c01);
          s = v128.shuffle<f32>(v1, v1, 2, 2, 2, 2);
          c10 = madd(s, b0, c10);
          c11 = madd(s, b1, c11);
          s = v128.shuffle<f32>(v2, v2, 2, 2, 2, 2);
          c20 = madd(s, b0, c20);
          c21 = madd(s, b1, c21);
          s = v128.shuffle<f32>(v3, v3, 2, 2, 2, 2);
          c30 = madd(s, b0, c30);
          c31 = madd(s, b1, c31);
        }
        {
          const b0 = v128.load(b, 96);
          const b1 = v128.load(b, 112);
          let s = v128.shuffle<f32>(v0, v0, 3, 3, 3, 3);
          c00 = madd(s, b0, c00);
          c01 = madd(s, b1, c01);
          s = v128.shuffle<f32>(v1, v1, 3, 3, 3, 3);
          c10 = madd(s, b0, c10);
          c11 = madd(s, b1, c11);
          s = v128.shuffle<f32>(v2, v2, 3, 3, 3, 3);
          c20 = madd(s, b0, c20);
          c21 = madd(s, b1, c21);
          s = v128.shuffle<f32>(v3, v3, 3, 3, 3, 3);
          c30 = madd(s, b0, c30);
          c31 = madd(s, b1, c31);
        }
        b += 128;
        a0 += 16; a1 += 16; a2 += 16; a3 += 16;
      }
      for (; k < K; k++) {
        const b0 = v128.load(b);
        const b1 = v128.load(b, 16);
        let s = f32x4.splat(load<f32>(a0));
        c00 = madd(s, b0, c00);
        c01 = madd(s, b1, c01);
        s = f32x4.splat(load<f32>(a1));
        c10 = madd(s, b0, c10);
        c11 = madd(s, b1, c11);
        s = f32x4.splat(load<f32>(a2));
        c20 = madd(s, b0, c20);
        c21 = madd(s, b1, c21);
        s = f32x4.splat(load<f32>(a3));
        c30 = madd(s, b0, c30);
        c31 = madd(s, b1, c31);
        a0 += 4; a1 += 4; a2 += 4; a3 += 4;
        b += 32;
      }
      const out = c + <usize>(m * ldc + n) * 4;
      storeCols(out, c00, c01, cols);
      storeCols(out + <usize>ldc * 4, c10, c11, cols);
      storeCols(out + <usize>(2 * ldc) * 4, c20, c21, cols);
      storeCols(out + <usize>(3 * ldc) * 4, c30, c31, cols);
    }
    for (; m < M; m++) {
      let c00 = init0, c01 = init1;
      let a0 = a + <usize>(m * lda) * 4;
      let b = panel;
      for (let k = 0; k < K; k++) {
        const s = f32x4.splat(load<f32>(a0));
        c00 = madd(s, v128.load(b), c00);
        c01 = madd(s, v128.load(b, 16), c01);
        a0 += 4;
        b += 32;
      }
      storeCols(c + <usize>(m * ldc + n) * 4, c00, c01, cols);
    }
  }
}

/**
 * dst[c * ldDst + r] = src[r * cols + c]: activations transposed for the sparse kernels,
 * 4×4 blocks at a time through shuffles; ragged edges element by element.
 */
export function transposeF32(src: usize, rows: i32, cols: i32, dst: usize, ldDst: i32): void {
  const r4 = rows & ~3;
  const c4 = cols & ~3;
  const rowBytes = <usize>cols * 4;
  const dBytes = <usize>ldDst * 4;
  for (let r = 0; r < r4; r += 4) {
    const s0 = src + <usize>r * rowBytes;
    const d0 = dst + <usize>r * 4;
    for (let c = 0; c < c4; c += 4) {
      const p = s0 + <usize>c * 4;
      const a = v128.load(p);
      const b = v128.load(p + rowBytes);
      const e = v128.load(p + 2 * rowBytes);
      const f = v128.load(p + 3 * rowBytes);
      // Interleave pairs of rows, then pairs of pairs: the classic 4×4 transpose.
      const ab0 = v128.shuffle<f32>(a, b, 0, 4, 1, 5);
      const ab1 = v128.shuffle<f32>(a, b, 2, 6, 3, 7);
      const ef0 = v128.shuffle<f32>(e, f, 0, 4, 1, 5);
      const ef1 = v128.shuffle<f32>(e, f, 2, 6, 3, 7);
      const q = d0 + <usize>c * dBytes;
      v128.store(q, v128.shuffle<i64>(ab0, ef0, 0, 2));
      v128.store(q + dBytes, v128.shuffle<i64>(ab0, ef0, 1, 3));
      v128.store(q + 2 * dBytes, v128.shuffle<i64>(ab1, ef1, 0, 2));
      v128.store(q + 3 * dBytes, v128.shuffle<i64>(ab1, ef1, 1, 3));
    }
    for (let c = c4; c < cols; c++) {
      for (let i = 0; i < 4; i++) store<f32>(d0 + <usize>c * dBytes + <usize>i * 4, load<f32>(s0 + <usize>i * rowBytes + <usize>c * 4));
    }
  }
  for (let r = r4; r < rows; r++) {
    const s = src + <usize>r * rowBytes;
    for (let c = 0; c < cols; c++) store<f32>(dst + <usize>c * dBytes + <usize>r * 4, load<f32>(s + <usize>c * 4));
  }
}

/**
 * Strided copy of 4-byte elements over a 4-D index space (lower ranks padded with size-1
 * axes): dst is dense row-major over dims d0..d3, src is read at Σ i·s (element strides).
 * Transpose, Slice and Expand of floats and int32 land here.
 */
export function copyStrided32(src: usize, dst: usize, d0: i32, d1: i32, d2: i32, d3: i32, s0: i32, s1: i32, s2: i32, s3: i32): void {
  let o = dst;
  for (let i0 = 0; i0 < d0; i0++) {
    for (let i1 = 0; i1 < d1; i1++) {
      for (let i2 = 0; i2 < d2; i2++) {
        const base = src + <usize>(i0 * s0 + i1 * s1 + i2 * s2) * 4;
        if (s3 == 1) {
          memory.copy(o, base, <usize>d3 * 4);
        } else {
          for (let i3 = 0; i3 < d3; i3++) store<u32>(o + <usize>i3 * 4, load<u32>(base + <usize>(i3 * s3) * 4));
        }
        o += <usize>d3 * 4;
      }
    }
  }
}

@inline function storeStrided(c: usize, v: v128, ldcBytes: usize, count: i32): void {
  if (count >= 4) {
    store<f32>(c, f32x4.extract_lane(v, 0));
    store<f32>(c + ldcBytes, f32x4.extract_lane(v, 1));
    store<f32>(c + 2 * ldcBytes, f32x4.extract_lane(v, 2));
    store<f32>(c + 3 * ldcBytes, f32x4.extract_lane(v, 3));
    return;
  }
  if (count > 0) store<f32>(c, f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(c + ldcBytes, f32x4.extract_lane(v, 1));
  if (count > 2) store<f32>(c + 2 * ldcBytes, f32x4.extract_lane(v, 2));
}

/**
 * Sparse weight, stored by output column (CSC over W[K, N]): column n's nonzeros are
 * rowIdx/vals[colPtr[n] .. colPtr[n+1]). With activations transposed (at[k][m], row stride
 * Mp = M rounded up to 4, zero padded) each nonzero w at (k, n) does C[:, n] += w * at[k, :],
 * SIMD over tokens: the work is proportional to the nonzeros and every load is contiguous.
 */
export function spmmF32(
  at: usize, Mp: i32, M: i32, colPtr: usize, rowIdx: usize, vals: usize,
  c: usize, ldc: i32, n0: i32, n1: i32, bias: usize,
): void {
  const ldcBytes = <usize>ldc * 4;
  const rowBytes = <usize>Mp * 4;
  for (let n = n0; n < n1; n++) {
    const s = load<i32>(colPtr + <usize>n * 4);
    const e = load<i32>(colPtr + <usize>n * 4 + 4);
    const init = f32x4.splat(bias ? load<f32>(bias + <usize>n * 4) : 0);
    let m = 0;
    // 32 tokens per pass: 8 accumulators amortise each nonzero's index and weight loads.
    for (; m + 32 <= Mp; m += 32) {
      let acc0 = init, acc1 = init, acc2 = init, acc3 = init;
      let acc4 = init, acc5 = init, acc6 = init, acc7 = init;
      const base = at + <usize>m * 4;
      for (let j = s; j < e; j++) {
        const w = f32x4.splat(load<f32>(vals + <usize>j * 4));
        const p = base + <usize>load<i32>(rowIdx + <usize>j * 4) * rowBytes;
        acc0 = madd(w, v128.load(p), acc0);
        acc1 = madd(w, v128.load(p, 16), acc1);
        acc2 = madd(w, v128.load(p, 32), acc2);
        acc3 = madd(w, v128.load(p, 48), acc3);
        acc4 = madd(w, v128.load(p, 64), acc4);
        acc5 = madd(w, v128.load(p, 80), acc5);
        acc6 = madd(w, v128.load(p, 96), acc6);
        acc7 = madd(w, v128.load(p, 112), acc7);
      }
      const out = c + <usize>(m * ldc + n) * 4;
      storeStrided(out, acc0, ldcBytes, 4);
      storeStrided(out + 4 * ldcBytes, acc1, ldcBytes, 4);
      storeStrided(out + 8 * ldcBytes, acc2, ldcBytes, 4);
      storeStrided(out + 12 * ldcBytes, acc3, ldcBytes, 4);
      storeStrided(out + 16 * ldcBytes, acc4, ldcBytes, M - m - 16);
      storeStrided(out + 20 * ldcBytes, acc5, ldcBytes, M - m - 20);
      storeStrided(out + 24 * ldcBytes, acc6, ldcBytes, M - m - 24);
      storeStrided(out + 28 * ldcBytes, acc7, ldcBytes, M - m - 28);
    }
    for (; m + 16 <= Mp; m += 16) {
      let acc0 = init, acc1 = init, acc2 = init, acc3 = init;
      const base = at + <usize>m * 4;
      for (let j = s; j < e; j++) {
        const w = f32x4.splat(load<f32>(vals + <usize>j * 4));
        const p = base + <usize>load<i32>(rowIdx + <usize>j * 4) * rowBytes;
        acc0 = madd(w, v128.load(p), acc0);
        acc1 = madd(w, v128.load(p, 16), acc1);
        acc2 = madd(w, v128.load(p, 32), acc2);
        acc3 = madd(w, v128.load(p, 48), acc3);
      }
      const out = c + <usize>(m * ldc + n) * 4;
      storeStrided(out, acc0, ldcBytes, M - m);
      storeStrided(out + 4 * ldcBytes, acc1, ldcBytes, M - m - 4);
      storeStrided(out + 8 * ldcBytes, acc2, ldcBytes, M - m - 8);
      storeStrided(out + 12 * ldcBytes, acc3, ldcBytes, M - m - 12);
    }
    for (; m < Mp; m += 4) {
      let acc0 = init;
      const base = at + <usize>m * 4;
      for (let j = s; j < e; j++) {
        const w = f32x4.splat(load<f32>(vals + <usize>j * 4));
        acc0 = madd(w, v128.load(base + <usize>load<i32>(rowIdx + <usize>j * 4) * rowBytes), acc0);
      }
      storeStrided(c + <usize>(m * ldc + n) * 4, acc0, ldcBytes, M - m);
    }
  }
}
