// Dense FP32 product with a weight packed at load. The packed layout is k-blocked panels:
// [k block of F32_KC rows][panel of NR = 2·VL columns][row in block][column in panel], so
// one micro-tile streams a contiguous kc × NR slab that stays in L1 while MR rows of A are
// broadcast against it; MR × 2 accumulators live in registers for the whole k block.

#define NV 2
#define NR (NV * VL)

/** args: src, K, N, ld, transposed, dst — W is K×N (or N×K when transposed). */
static void k_packF32(uint8_t *base, const double *a) {
  const float *src = PTR(const float, a[0]);
  const int K = (int)a[1], N = (int)a[2], ld = (int)a[3], tr = (int)a[4];
  float *dst = PTR(float, a[5]);
  const int panels = (N + NR - 1) / NR;
  for (int k0 = 0; k0 < K; k0 += F32_KC) {
    const int kc = MIN(F32_KC, K - k0);
    for (int p = 0; p < panels; p++) {
      float *d = dst + (size_t)k0 * panels * NR + (size_t)p * kc * NR;
      for (int k = 0; k < kc; k++)
        for (int j = 0; j < NR; j++) {
          const int n = p * NR + j, kk = k0 + k;
          d[k * NR + j] = n >= N ? 0.0f : tr ? src[(size_t)n * ld + kk] : src[(size_t)kk * ld + n];
        }
    }
  }
}

/** Rows of the micro-tile starting at row m: MR while that many remain, then 4 at a time. */
INLINE int tile_rows(int M, int m) { return M - m >= MR ? MR : 4; }

/**
 * MR_ rows (a compile-time 12/6 or 4; `rows` ≤ MR_ of them real) × NR columns over one k
 * block; first/last decide loading C and the epilogue. Only two tile shapes are compiled.
 */
INLINE void gemm_tile(const float *A, const float *B, int kc, float *C, int ldc, const int MR_,
                      int rows, int cols, int first, int last, const float *bias, int epi,
                      const float *res, int ldr) {
  vf acc[MR][NV];
  vf b0 = bias ? ld_part(bias, cols) : splat(0), b1 = bias ? ld_part(bias + VL, cols - VL) : splat(0);
#pragma GCC unroll 16
  for (int r = 0; r < MR_; r++) {
    if (first || r >= rows) {
      acc[r][0] = b0;
      acc[r][1] = b1;
    } else {
      acc[r][0] = ld_part(C + (size_t)r * ldc, cols);
      acc[r][1] = ld_part(C + (size_t)r * ldc + VL, cols - VL);
    }
  }
  for (int k = 0; k < kc; k++) {
    const vf w0 = ld(B + (size_t)k * NR), w1 = ld(B + (size_t)k * NR + VL);
#pragma GCC unroll 16
    for (int r = 0; r < MR_; r++) {
      const vf x = splat(A[(size_t)k * MR_ + r]);
      acc[r][0] += x * w0;
      acc[r][1] += x * w1;
    }
  }
#pragma GCC unroll 16
  for (int r = 0; r < MR_; r++) {
    if (r >= rows) break;
    float *c = C + (size_t)r * ldc;
    st_part(c, acc[r][0], cols);
    st_part(c + VL, acc[r][1], cols - VL);
  }
  if (last && epi) epilogue_rows(C, ldc, rows, cols, epi, res, ldr);
}

/** Rows of A once padded to whole tiles (what packF32A lays out). */
INLINE int padded_rows(int M) { return M / MR * MR + (M % MR + 3) / 4 * 4; }

/**
 * args: src, M, K, dst, ka, kb — rows [ka, kb) of K (ka a multiple of F32_KC) of A (M×K
 * row-major) as the micro-tiles read it: per k block of F32_KC, per tile of tile_rows rows, a
 * slab [k][row] (zero past M), at dst[k0·Mpad + m·kc]. Done once per activation, so threads
 * splitting the columns share it.
 */
static void k_packF32A(uint8_t *base, const double *a) {
  const float *A = PTR(const float, a[0]);
  const int M = (int)a[1], K = (int)a[2];
  float *dst = PTR(float, a[3]);
  const int ka = (int)a[4], kb = MIN((int)a[5], K);
  const size_t Mpad = (size_t)padded_rows(M);
  for (int k0 = ka; k0 < kb; k0 += F32_KC) {
    const int kc = MIN(F32_KC, K - k0);
    for (int m = 0; m < M; m += tile_rows(M, m)) {
      const int tr = tile_rows(M, m), mr = MIN(tr, M - m);
      float *d = dst + (size_t)k0 * Mpad + (size_t)m * kc;
      for (int r = 0; r < tr; r++) {
        const float *s = A + (size_t)(m + r) * K + k0;
        for (int k = 0; k < kc; k++) d[(size_t)k * tr + r] = r < mr ? s[k] : 0.0f;
      }
    }
  }
}

/**
 * args: a (from packF32A), Mpad, packed, c, ldc, M, K, N, n0, n1, bias, epi, res, ldr.
 * C[M×N] columns [n0, n1) (n0 a multiple of the panel width) = A·W + bias, then epilogue.
 */
static void k_gemmF32(uint8_t *base, const double *a) {
  const float *A = PTR(const float, a[0]);
  const size_t Mpad = (size_t)a[1];
  const float *W = PTR(const float, a[2]);
  float *C = PTR(float, a[3]);
  const int ldc = (int)a[4], M = (int)a[5], K = (int)a[6], N = (int)a[7];
  const int n0 = (int)a[8], n1 = MIN((int)a[9], N);
  const float *bias = OPT(const float, a[10]);
  const int epi = (int)a[11];
  const float *res = OPT(const float, a[12]);
  const int ldr = (int)a[13];
  const int panels = (N + NR - 1) / NR;
  if (K == 0) {
    for (int m = 0; m < M; m++)
      for (int n = n0; n < n1; n++) C[(size_t)m * ldc + n] = bias ? bias[n] : 0;
    return;
  }
  for (int k0 = 0; k0 < K; k0 += F32_KC) {
    const int kc = MIN(F32_KC, K - k0);
    const int first = k0 == 0, last = k0 + kc >= K;
    const float *ap = A + (size_t)k0 * Mpad;
    for (int p = n0 / NR; p * NR < n1; p++) {
      const float *bp = W + (size_t)k0 * panels * NR + (size_t)p * kc * NR;
      const int n = p * NR, cols = MIN(NR, n1 - n);
      const float *bb = bias ? bias + n : 0;
      for (int m = 0; m < M; m += tile_rows(M, m)) {
        const float *am = ap + (size_t)m * kc;
        float *cm = C + (size_t)m * ldc + n;
        const float *rm = res ? res + (size_t)m * ldr + n : 0;
        const int rows = MIN(tile_rows(M, m), M - m);
        if (tile_rows(M, m) == MR)
          gemm_tile(am, bp, kc, cm, ldc, MR, rows, cols, first, last, bb, epi, rm, ldr);
        else
          gemm_tile(am, bp, kc, cm, ldc, 4, rows, cols, first, last, bb, epi, rm, ldr);
      }
    }
  }
}
