// INT8 products with exact int32 accumulation through a u8 × s8 four-way dot product (one
// VPDPBUSD with VNNI, an exact madd emulation without). Activations become unsigned by
// flipping the sign bit of int8 ones (a + 128); weights are stored as s8 (w − zw) with
// their column sums, so Σ(a − za)(w − zw) = Σ a_u·w_s − z_u·colsum, z_u the shifted zero point.

#define I8_NR (2 * VL)
#if VL == 16 && defined(__AVX512VNNI__)
#define SS_VNNI 1
#else
#define SS_VNNI 0
#endif

typedef int16_t vs __attribute__((vector_size(VL * 4)));
typedef uint16_t vus __attribute__((vector_size(VL * 4)));

/** acc + Σ of four u8·s8 products per 32-bit lane. */
INLINE vi dpbusd(vi acc, vi a, vi b) {
#if VL == 16 && defined(__AVX512VNNI__)
  return (vi)_mm512_dpbusd_epi32((__m512i)acc, (__m512i)a, (__m512i)b);
#elif VL == 8 && defined(__AVX2__)
  const __m256i lo8 = _mm256_set1_epi16(0x00ff);
  const __m256i alo = _mm256_and_si256((__m256i)a, lo8), ahi = _mm256_srli_epi16((__m256i)a, 8);
  const __m256i blo = _mm256_srai_epi16(_mm256_slli_epi16((__m256i)b, 8), 8);
  const __m256i bhi = _mm256_srai_epi16((__m256i)b, 8);
  return acc + (vi)_mm256_madd_epi16(alo, blo) + (vi)_mm256_madd_epi16(ahi, bhi);
#else
  // Products of a byte in 0..255 and one in -128..127 fit int16; pairs are summed in int32.
  const vs a16 = (vs)a, b16 = (vs)b;
  const vs plo = (a16 & 0xff) * ((vs)(b16 << 8) >> 8);
  const vs phi = (vs)((vus)a16 >> 8) * (b16 >> 8);
  return acc + (((vi)plo << 16) >> 16) + ((vi)plo >> 16) + (((vi)phi << 16) >> 16) + ((vi)phi >> 16);
#endif
}

INLINE uint8_t flip(int8_t signedInput, uint8_t v) { return signedInput ? (uint8_t)(v ^ 0x80) : v; }

/** args: src, M, K, signed, dst, Kp, r0, r1 — rows [r0, r1) of u8 activations, zero padded to Kp. */
static void k_prepI8Rows(uint8_t *base, const double *a) {
  const uint8_t *src = PTR(const uint8_t, a[0]);
  const int M = (int)a[1], K = (int)a[2], sg = (int)a[3], Kp = (int)a[5];
  uint8_t *dst = PTR(uint8_t, a[4]);
  const int r0 = (int)a[6], r1 = MIN((int)a[7], M);
  for (int m = r0; m < r1; m++) {
    const uint8_t *s = src + (size_t)m * K;
    uint8_t *d = dst + (size_t)m * Kp;
    for (int k = 0; k < K; k++) d[k] = flip(sg, s[k]);
    for (int k = K; k < Kp; k++) d[k] = 0;
  }
}

/**
 * args: src, M, K, signed, dst, q0, q1 — the sparse products' token blocks of quads for
 * quads [q0, q1) (q0 a multiple of VL): block b holds tokens [b·4VL, …) as dwords
 * dst[b·4VL·Kq + q·w + t] = a_u[t][4q .. 4q+3], w = the block's width rounded up to VL,
 * Kq = ⌈K/4⌉; pads are zero.
 */
static void k_prepI8Quads(uint8_t *base, const double *a) {
  const uint8_t *src = PTR(const uint8_t, a[0]);
  const int M = (int)a[1], K = (int)a[2], sg = (int)a[3];
  uint8_t *dst = PTR(uint8_t, a[4]);
  const int Kq = (K + 3) / 4;
  const int q0 = (int)a[5], q1 = MIN((int)a[6], Kq);
  const vi fl = splati(sg ? (int32_t)0x80808080u : 0);
  for (int m0 = 0; m0 < M; m0 += TBK) {
    const int rows = MIN(TBK, M - m0), w = (rows + VL - 1) / VL * VL;
    uint8_t *d = dst + (size_t)m0 * Kq * 4;
    int q = q0;
    if (K % 4 == 0)
      // Whole quads are dwords: VL × VL dword blocks through the register transpose.
      for (; q + VL <= q1; q += VL)
        for (int t0 = 0; t0 < w; t0 += VL) {
          vf blk[VL];
          for (int i = 0; i < VL; i++)
            blk[i] = t0 + i < rows ? (vf)(ldi(src + ((size_t)(m0 + t0 + i) * Kq + q) * 4) ^ fl)
                                   : splat(0);
          transpose_block(blk);
          for (int i = 0; i < VL; i++) sti(d + ((size_t)(q + i) * w + t0) * 4, (vi)blk[i]);
        }
    for (; q < q1; q++) {
      uint8_t *row = d + (size_t)q * w * 4;
      for (int t = 0; t < w; t++)
        for (int j = 0; j < 4; j++) {
          const int k = 4 * q + j;
          row[t * 4 + j] = t < rows && k < K ? flip(sg, src[(size_t)(m0 + t) * K + k]) : 0;
        }
    }
  }
}

/**
 * args: src, K, N, ld, transposed, signed, zp, zpPerColumn, dst, colsum. Dense panels of
 * I8_NR columns: [panel][k quad][column][4 bytes of w − zw]; colsum[n] = Σk (w − zw).
 * The caller checks w − zw fits int8.
 */
static void k_packI8(uint8_t *base, const double *a) {
  const uint8_t *src = PTR(const uint8_t, a[0]);
  const int K = (int)a[1], N = (int)a[2], ld = (int)a[3], tr = (int)a[4], sg = (int)a[5];
  const int32_t *zp = OPT(const int32_t, a[6]);
  const int perCol = (int)a[7];
  int8_t *dst = PTR(int8_t, a[8]);
  int32_t *colsum = PTR(int32_t, a[9]);
  const int Kq = (K + 3) / 4, panels = (N + I8_NR - 1) / I8_NR;
  for (int n = 0; n < N; n++) colsum[n] = 0;
  for (int p = 0; p < panels; p++)
    for (int q = 0; q < Kq; q++)
      for (int j = 0; j < I8_NR; j++)
        for (int t = 0; t < 4; t++) {
          const int n = p * I8_NR + j, k = 4 * q + t;
          int v = 0;
          if (n < N && k < K) {
            const uint8_t raw = tr ? src[(size_t)n * ld + k] : src[(size_t)k * ld + n];
            v = (sg ? (int)(int8_t)raw : (int)raw) - (zp ? zp[perCol ? n : 0] : 0);
            colsum[n] += v;
          }
          dst[(((size_t)p * Kq + q) * I8_NR + j) * 4 + t] = (int8_t)v;
        }
}

/** Output of the int32 sums: raw (mode 0) or sa·scale[n]·raw + bias[n] then the epilogue. */
typedef struct {
  int mode, zu, epi, ldr;
  const int32_t *colsum;
  const float *scale, *bias, *res;
  float sa;
} i8_out;

INLINE vf i8_float(vi raw, const i8_out *o, int n, int cols) {
  const vf s = ld_part(o->scale + n, cols) * o->sa;
  vf v = __builtin_convertvector(raw, vf) * s;
  if (o->bias) v += ld_part(o->bias + n, cols);
  return v;
}

/** −zu·colsum of columns n … n + cols as two vectors: the zero-point correction of every row. */
INLINE void i8_colsum_fix(const i8_out *o, int n, int cols, vi *cs0, vi *cs1) {
  int32_t cs[2 * VL] = {0};
  memcpy(cs, o->colsum + n, (size_t)MIN(cols, 2 * VL) * 4);
  *cs0 = ldi(cs) * o->zu;
  *cs1 = ldi(cs + VL) * o->zu;
}

/** One row of a panel's sums (two vectors, zero points corrected) to C: raw int32 or floats. */
INLINE void i8_row_out(vi r0, vi r1, uint8_t *crow, const i8_out *o, int n, int cols) {
  float *c = (float *)crow;
  if (o->mode == 0) {
    st_part(c, (vf)r0, cols);
    st_part(c + VL, (vf)r1, cols - VL);
    return;
  }
  st_part(c, i8_float(r0, o, n, cols), cols);
  st_part(c + VL, i8_float(r1, o, n + VL, cols - VL), cols - VL);
}

/** Like gemm_tile: MR_ is MR or 4, `rows` of them real (A is padded with zero rows). */
INLINE void gemm_i8_tile(const uint8_t *A, int lda, const int8_t *W, int Kq, void *C, int ldc,
                         const int MR_, int rows, int n, int cols, const i8_out *o, int m) {
  vi acc[MR][2];
#pragma GCC unroll 16
  for (int r = 0; r < MR_; r++) acc[r][0] = acc[r][1] = splati(0);
  for (int q = 0; q < Kq; q++) {
    const vi w0 = ldi(W + (size_t)q * I8_NR * 4), w1 = ldi(W + (size_t)q * I8_NR * 4 + VL * 4);
#pragma GCC unroll 16
    for (int r = 0; r < MR_; r++) {
      int32_t x;
      memcpy(&x, A + (size_t)r * lda + 4 * q, 4);
      const vi xv = splati(x);
      acc[r][0] = dpbusd(acc[r][0], xv, w0);
      acc[r][1] = dpbusd(acc[r][1], xv, w1);
    }
  }
  vi cs0, cs1;
  i8_colsum_fix(o, n, cols, &cs0, &cs1);
#pragma GCC unroll 16
  for (int r = 0; r < MR_; r++) {
    if (r >= rows) break;
    i8_row_out(acc[r][0] - cs0, acc[r][1] - cs1, (uint8_t *)C + (size_t)r * ldc * 4, o, n, cols);
  }
  if (o->mode != 0 && o->epi)
    epilogue_rows((float *)C, ldc, rows, cols, o->epi, o->res ? o->res + (size_t)m * o->ldr + n : 0,
                  o->ldr);
}

static i8_out i8_output(uint8_t *base, const double *a) {
  i8_out o;
  o.mode = (int)a[0];
  o.zu = (int)a[1];
  o.colsum = PTR(const int32_t, a[2]);
  o.scale = OPT(const float, a[3]);
  o.sa = (float)a[4];
  o.bias = OPT(const float, a[5]);
  o.epi = (int)a[6];
  o.res = OPT(const float, a[7]);
  o.ldr = (int)a[8];
  return o;
}

/** One 32-column panel (wp: [quad][32 columns][4 bytes]) of the int8 product, MR rows a tile. */
static void vnni_panel(const uint8_t *A, int lda, const int8_t *wp, int Kq, uint8_t *C, int ldc,
                       int M, int n, int cols, const i8_out *o) {
  for (int m = 0; m < M; m += M - m >= MR ? MR : 4) {
    const uint8_t *am = A + (size_t)m * lda;
    uint8_t *cm = C + ((size_t)m * ldc + n) * 4;
    if (M - m >= MR) gemm_i8_tile(am, lda, wp, Kq, cm, ldc, MR, MR, n, cols, o, m);
    else gemm_i8_tile(am, lda, wp, Kq, cm, ldc, 4, M - m < 4 ? M - m : 4, n, cols, o, m);
  }
}

#include "impl-amx.h"

/**
 * args: a, lda, packed, K, M, N, n0, n1, out, ldc, then the output block (mode, zu, colsum,
 * scale, sa, bias, epi, res, ldr). lda is the padded row (multiple of 4) of prepI8Rows, and
 * a holds 4 rows past M (the last tile reads them; their sums are never stored).
 */
static void k_gemmI8(uint8_t *base, const double *a) {
  const uint8_t *A = PTR(const uint8_t, a[0]);
  const int lda = (int)a[1];
  const int8_t *W = PTR(const int8_t, a[2]);
  const int K = (int)a[3], M = (int)a[4], N = (int)a[5], n0 = (int)a[6], n1 = MIN((int)a[7], N);
  uint8_t *C = PTR(uint8_t, a[8]);
  const int ldc = (int)a[9];
  const i8_out o = i8_output(base, a + 10);
  const int Kq = (K + 3) / 4;
#if SS_AMX
  if (K % 64 == 0 && amx_enabled()) {
    gemm_i8_amx(A, lda, W, Kq, C, ldc, M, n0, n1, &o);
    return;
  }
#endif
  for (int p = n0 / I8_NR; p * I8_NR < n1; p++) {
    const int n = p * I8_NR;
    vnni_panel(A, lda, W + (size_t)p * Kq * I8_NR * 4, Kq, C, ldc, M, n, MIN(I8_NR, n1 - n), &o);
  }
}

/**
 * Bytes of activation quads one pass over the columns reads (k rows × the block's tokens):
 * what stays in L1 (48 KB here). A pass spans as many 64-quad blocks of the format as fit,
 * all of K when it does — fewer partial sums and fewer short lists ending in a mispredicted
 * loop exit than block by block: measured 1.3× at 64 tokens for K = 768 (one pass instead of
 * three) and 1.2× for K = 3072 (passes of 192 quads instead of 64).
 */
#define SP_I8_PASS_BYTES (48 * 1024)

/** One token vector of column n's sums to the output representation (raw or float). */
INLINE void quad_finish(vi acc, int32_t *dst, const i8_out *o, int n) {
  const vi raw = acc - splati(o->zu * o->colsum[n]);
  if (o->mode == 0) {
    sti(dst, raw);
    return;
  }
  const vf v = __builtin_convertvector(raw, vf) * (o->sa * o->scale[n]);
  st((float *)dst, o->bias ? v + o->bias[n] : v);
}

/**
 * Column sums of `cols` columns into part[col][TBK], already in the output representation:
 * down each whole column with one token vector, else in passes over as many k blocks
 * (SP_KB rows = 64 quads) as SP_I8_PASS_BYTES holds, int32 partials in part between passes.
 */
INLINE void sparse_quad_tile(const uint8_t *at, int Kq, int N, const int32_t *bp,
                             const uint16_t *qi, const int32_t *qv, int nt, int cols, const int T,
                             const i8_out *o, int32_t *part) {
  const int w = T * VL, nkb = (Kq + SP_KB / 4 - 1) / (SP_KB / 4);
  const size_t row = (size_t)w * 4;
  if (T == 1) {
    for (int j = 0; j < cols; j++) {
      const int n = nt + j, s = bp[n], e = bp[(size_t)nkb * N + n];
      // Four chains hide the dot product's latency for a single token vector.
      vi c0 = splati(0), c1 = c0, c2 = c0, c3 = c0;
      int q = s;
      for (; q + 4 <= e; q += 4) {
        c0 = dpbusd(c0, ldi(at + (size_t)qi[q] * row), splati(qv[q]));
        c1 = dpbusd(c1, ldi(at + (size_t)qi[q + 1] * row), splati(qv[q + 1]));
        c2 = dpbusd(c2, ldi(at + (size_t)qi[q + 2] * row), splati(qv[q + 2]));
        c3 = dpbusd(c3, ldi(at + (size_t)qi[q + 3] * row), splati(qv[q + 3]));
      }
      for (; q < e; q++) c0 = dpbusd(c0, ldi(at + (size_t)qi[q] * row), splati(qv[q]));
      quad_finish((c0 + c1) + (c2 + c3), part + (size_t)j * TBK, o, n);
    }
    return;
  }
  // A column's entries of consecutive blocks are contiguous: a pass reads from the start of
  // its first block to the start of the block after its last.
  const int per = MAX(1, (int)(SP_I8_PASS_BYTES / ((size_t)(SP_KB / 4) * row)));
  const int passes = (nkb + per - 1) / per;
  for (int kb = 0; kb < passes; kb++) {
    const int32_t *b0 = bp + (size_t)kb * per * N, *b1 = bp + (size_t)MIN(nkb, (kb + 1) * per) * N;
    const int last = kb == passes - 1;
    for (int j = 0; j < cols; j++) {
      const int n = nt + j, s = b0[n], e = b1[n];
      int32_t *out = part + (size_t)j * TBK;
      prefetch_passes(bp, N, n, nkb, per, passes, kb, qv, qi);
      // Even and odd quads feed separate accumulators: 2·T independent dot-product chains.
      vi acc[4], alt[4];
      for (int t = 0; t < T; t++) {
        acc[t] = kb ? ldi(out + t * VL) : splati(0);
        alt[t] = splati(0);
      }
      int q = s;
      for (; q + 2 <= e; q += 2) {
        const uint8_t *p = at + (size_t)qi[q] * row, *p2 = at + (size_t)qi[q + 1] * row;
        const vi x = splati(qv[q]), x2 = splati(qv[q + 1]);
#pragma GCC unroll 4
        for (int t = 0; t < T; t++) {
          acc[t] = dpbusd(acc[t], ldi(p + t * VL * 4), x);
          alt[t] = dpbusd(alt[t], ldi(p2 + t * VL * 4), x2);
        }
      }
      if (q < e) {
        const uint8_t *p = at + (size_t)qi[q] * row;
        const vi x = splati(qv[q]);
#pragma GCC unroll 4
        for (int t = 0; t < T; t++) acc[t] = dpbusd(acc[t], ldi(p + t * VL * 4), x);
      }
      for (int t = 0; t < T; t++) {
        if (last) quad_finish(acc[t] + alt[t], out + t * VL, o, n);
        else sti(out + t * VL, acc[t] + alt[t]);
      }
    }
  }
}

/**
 * args: at, M, K, N, blockPtr, quadIdx, quadVals, out, ldc, n0, n1, then the output block.
 * at from prepI8Quads; blockPtr is [k block + 1][N] into quadIdx (u16, global quad) and
 * quadVals (four s8 weights each), as for spmmF32.
 */
static void k_spmmI8(uint8_t *base, const double *a) {
  const uint8_t *at = PTR(const uint8_t, a[0]);
  const int M = (int)a[1], K = (int)a[2], N = (int)a[3];
  const int32_t *cp = PTR(const int32_t, a[4]);
  const uint16_t *qi = PTR(const uint16_t, a[5]);
  const int32_t *qv = PTR(const int32_t, a[6]);
  uint8_t *C = PTR(uint8_t, a[7]);
  const int ldc = (int)a[8], n0 = (int)a[9], n1 = MIN((int)a[10], N);
  const i8_out o = i8_output(base, a + 11);
  const int Kq = (K + 3) / 4;
  int32_t *part = (int32_t *)scratch((size_t)SP_CT * TBK * 4);
  if (!part) return;
  for (int m0 = 0; m0 < M; m0 += TBK) {
    const int rows = MIN(TBK, M - m0), T = (rows + VL - 1) / VL;
    const uint8_t *ab = at + (size_t)m0 * Kq * 4;
    for (int nt = n0; nt < n1; nt += SP_CT) {
      const int cols = MIN(SP_CT, n1 - nt);
      switch (T) {
        case 4: sparse_quad_tile(ab, Kq, N, cp, qi, qv, nt, cols, 4, &o, part); break;
        case 3: sparse_quad_tile(ab, Kq, N, cp, qi, qv, nt, cols, 3, &o, part); break;
        case 2: sparse_quad_tile(ab, Kq, N, cp, qi, qv, nt, cols, 2, &o, part); break;
        default: sparse_quad_tile(ab, Kq, N, cp, qi, qv, nt, cols, 1, &o, part); break;
      }
      store_tile((const float *)part, T * VL, rows, cols, (float *)(C + ((size_t)m0 * ldc + nt) * 4),
                 ldc, o.mode == 0 ? 0 : o.epi, o.res ? o.res + (size_t)m0 * o.ldr + nt : 0, o.ldr);
    }
  }
}
