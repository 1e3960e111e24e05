// Sparse FP32 product. The weight is CSC (each output column's nonzeros, rows ascending,
// 16-bit row indices) with a table of where each column's rows in each block of SP_KB rows
// start. Activations are transposed per run into token blocks at[block][k][tokens] (4·VL
// tokens, fewer in the last block), so every nonzero w at (k, n) does C[:, n] += w · at[k, :],
// SIMD over tokens. With several token vectors a tile of SP_CT columns keeps its partial sums
// in L1 while one k block of the activations is hot (1.4× over random rows from L2); with one
// vector the whole column is one loop instead (1.4× over the blocked walk, whose many short
// lists end in mispredicted branches). The tile is then transposed in registers and written
// row-major with the bias/GELU/residual epilogue fused in.

#define SP_KB 256
#define SP_CT 64
#define TBK (4 * VL) /* tokens per block */

/** args: src, rows, cols, dst, ldDst — dst[c·ldDst + r] = src[r·cols + c] (4-byte elements). */
static void k_transpose32(uint8_t *base, const double *a) {
  const float *src = PTR(const float, a[0]);
  const int rows = (int)a[1], cols = (int)a[2];
  float *dst = PTR(float, a[3]);
  const size_t ldd = (size_t)a[4];
  int r = 0;
  for (; r + VL <= rows; r += VL) {
    int c = 0;
    for (; c + VL <= cols; c += VL) {
      vf t[VL];
      for (int i = 0; i < VL; i++) t[i] = ld(src + (size_t)(r + i) * cols + c);
      transpose_block(t);
      for (int i = 0; i < VL; i++) st(dst + (size_t)(c + i) * ldd + r, t[i]);
    }
    for (; c < cols; c++)
      for (int i = 0; i < VL; i++) dst[(size_t)c * ldd + r + i] = src[(size_t)(r + i) * cols + c];
  }
  for (; r < rows; r++)
    for (int c = 0; c < cols; c++) dst[(size_t)c * ldd + r] = src[(size_t)r * cols + c];
}

/**
 * args: src, M, K, dst, k0, k1 — the token-block layout the sparse products read, for rows
 * [k0, k1) of K (k0 a multiple of VL, so threads split it): block b holds tokens [b·4VL, …) as
 * dst[b·4VL·K + k·w + t], w = that block's width rounded up to VL. Pad lanes are zero.
 */
static void k_prepF32Cols(uint8_t *base, const double *a) {
  const float *src = PTR(const float, a[0]);
  const int M = (int)a[1], K = (int)a[2];
  float *dst = PTR(float, a[3]);
  const int k0 = (int)a[4], k1 = MIN((int)a[5], K);
  for (int m0 = 0; m0 < M; m0 += TBK) {
    const int rows = MIN(TBK, M - m0), w = (rows + VL - 1) / VL * VL;
    float *d = dst + (size_t)m0 * K;
    int k = k0;
    for (; k + VL <= k1; k += VL) {
      for (int r0 = 0; r0 < w; r0 += VL) {
        vf blk[VL];
        for (int i = 0; i < VL; i++)
          blk[i] = r0 + i < rows ? ld(src + (size_t)(m0 + r0 + i) * K + k) : splat(0);
        transpose_block(blk);
        for (int i = 0; i < VL; i++) st(d + (size_t)(k + i) * w + r0, blk[i]);
      }
    }
    for (; k < k1; k++)
      for (int r = 0; r < w; r++) d[(size_t)k * w + r] = r < rows ? src[(size_t)(m0 + r) * K + k] : 0;
  }
}

/**
 * Sums of `cols` columns into part[col][TBK]: over the k blocks with partials in part when
 * T ≥ 2, down each whole column when T = 1. bp is [block][N] segment starts, bp[nkb] the ends.
 */
INLINE void sparse_tile(const float *at, int K, int N, const int32_t *bp, const uint16_t *ri,
                        const float *vals, const float *bias, int nt, int cols, const int T,
                        float *part) {
  const int w = T * VL, nkb = (K + SP_KB - 1) / SP_KB;
  if (T == 1) {
    for (int j = 0; j < cols; j++) {
      const int n = nt + j, s = bp[n], e = bp[(size_t)nkb * N + n];
      // Four chains hide the FMA latency of a single token vector.
      vf c0 = splat(bias ? bias[n] : 0.0f), c1 = splat(0), c2 = c1, c3 = c1;
      int q = s;
      for (; q + 4 <= e; q += 4) {
        c0 += splat(vals[q]) * ld(at + (size_t)ri[q] * VL);
        c1 += splat(vals[q + 1]) * ld(at + (size_t)ri[q + 1] * VL);
        c2 += splat(vals[q + 2]) * ld(at + (size_t)ri[q + 2] * VL);
        c3 += splat(vals[q + 3]) * ld(at + (size_t)ri[q + 3] * VL);
      }
      for (; q < e; q++) c0 += splat(vals[q]) * ld(at + (size_t)ri[q] * VL);
      st(part + (size_t)j * TBK, (c0 + c1) + (c2 + c3));
    }
    return;
  }
  for (int kb = 0; kb < nkb; kb++) {
    const int32_t *b0 = bp + (size_t)kb * N, *b1 = b0 + N;
    for (int j = 0; j < cols; j++) {
      const int n = nt + j, s = b0[n], e = b1[n];
      float *o = part + (size_t)j * TBK;
      prefetch_passes(bp, N, n, nkb, 1, nkb, kb, vals, ri);
      // Even and odd nonzeros feed separate accumulators: 2·T independent FMA chains.
      vf acc[4], alt[4];
      for (int t = 0; t < T; t++) {
        acc[t] = kb ? ld(o + t * VL) : splat(bias ? bias[n] : 0.0f);
        alt[t] = splat(0);
      }
      int q = s;
      for (; q + 2 <= e; q += 2) {
        const float *p = at + (size_t)ri[q] * w, *p2 = at + (size_t)ri[q + 1] * w;
        const vf x = splat(vals[q]), x2 = splat(vals[q + 1]);
#pragma GCC unroll 4
        for (int t = 0; t < T; t++) {
          acc[t] += x * ld(p + t * VL);
          alt[t] += x2 * ld(p2 + t * VL);
        }
      }
      if (q < e) {
        const float *p = at + (size_t)ri[q] * w;
        const vf x = splat(vals[q]);
#pragma GCC unroll 4
        for (int t = 0; t < T; t++) acc[t] += x * ld(p + t * VL);
      }
      for (int t = 0; t < T; t++) st(o + t * VL, acc[t] + alt[t]);
    }
  }
}

/**
 * A tile (cols columns × rows tokens, column-major with stride TBK, bias already in) to C
 * rows, VL columns at a time through an in-register transpose, epilogue per row vector.
 */
INLINE void store_tile(const float *tile, int tokens, int rows, int cols, float *C, int ldc,
                       int epi, const float *res, int ldr) {
  for (int g = 0; g < cols; g += VL) {
    const int gc = MIN(VL, cols - g);
    for (int t0 = 0; t0 < tokens; t0 += VL) {
      vf r[VL];
      for (int j = 0; j < VL; j++) r[j] = j < gc ? ld(tile + (size_t)(g + j) * TBK + t0) : splat(0);
      transpose_block(r);
      const int nr = MIN(VL, rows - t0);
      for (int i = 0; i < nr; i++) st_part(C + (size_t)(t0 + i) * ldc + g, r[i], gc);
    }
  }
  if (epi) epilogue_rows(C, ldc, rows, cols, epi, res, ldr);
}

/**
 * A tile (bias and GELU already in) to the token-block layout prepF32Cols makes, for a next
 * product whose K is this one's N: the tile's columns are that layout's rows, so no
 * transpose. Padding tokens are zeroed as prepF32Cols does. `stream`: full rows bypass the
 * caches. With threads splitting the next product, each reads every row, half of them
 * written by the other core; on a VM whose two vCPUs were on dies that share no cache
 * (core-to-core round trip ~320 ns against ~60 ns), reading them from memory beat taking
 * them from the other die's cache: whole 2-thread runs 1.15× (1.08–1.60) as fast there,
 * 0.99× (0.94–1.19) on near vCPUs, and 0.96× on one thread, which therefore stores plainly.
 */
INLINE void store_cols(float *tile, int w, int rows, int cols, float *L, int gelu, int stream) {
  const int nt = stream && rows == w;
  for (int j = 0; j < cols; j++) {
    float *t = tile + (size_t)j * TBK, *row = L + (size_t)j * w;
    for (int t0 = 0; t0 < w; t0 += VL) {
      const vf v = gelu ? vgelu(ld(t + t0)) : ld(t + t0);
      st(t + t0, v);
      if (nt) st_stream(row + t0, v);
      else st(row + t0, v);
    }
    for (int r = rows; r < w; r++) row[r] = 0;
  }
}

/**
 * args: at, M, K, N, blockPtr, rowIdx, vals, c, ldc, n0, n1, bias, epi, res, ldr, cols, stream.
 * c may be 0 (no row-major output); cols, when not 0, also receives the output in
 * prepF32Cols's layout (with N as its K) for the next sparse product; never with a residual;
 * with streaming stores when `stream` (store_cols).
 * at from prepF32Cols; blockPtr is [k block + 1][N]: where column n's rows of each block start
 * in rowIdx (u16, global row) and vals, the last row its ends.
 */
static void k_spmmF32(uint8_t *base, const double *a) {
  const float *at = PTR(const float, a[0]);
  const int M = (int)a[1], K = (int)a[2], N = (int)a[3];
  const int32_t *cp = PTR(const int32_t, a[4]);
  const uint16_t *ri = PTR(const uint16_t, a[5]);
  const float *vals = PTR(const float, a[6]);
  float *C = OPT(float, a[7]);
  const int ldc = (int)a[8], n0 = (int)a[9], n1 = MIN((int)a[10], N);
  const float *bias = OPT(const float, a[11]);
  const int epi = (int)a[12];
  const float *res = OPT(const float, a[13]);
  const int ldr = (int)a[14];
  float *Cc = OPT(float, a[15]);
  const int stream = (int)a[16];
  float *part = scratch((size_t)SP_CT * TBK * 4);
  if (!part) return;
  for (int m0 = 0; m0 < M; m0 += TBK) {
    const int rows = MIN(TBK, M - m0), T = (rows + VL - 1) / VL;
    const float *ab = at + (size_t)m0 * K;
    for (int nt = n0; nt < n1; nt += SP_CT) {
      const int cols = MIN(SP_CT, n1 - nt);
      switch (T) {
        case 4: sparse_tile(ab, K, N, cp, ri, vals, bias, nt, cols, 4, part); break;
        case 3: sparse_tile(ab, K, N, cp, ri, vals, bias, nt, cols, 3, part); break;
        case 2: sparse_tile(ab, K, N, cp, ri, vals, bias, nt, cols, 2, part); break;
        default: sparse_tile(ab, K, N, cp, ri, vals, bias, nt, cols, 1, part); break;
      }
      int e = epi;
      if (Cc) {
        // GELU once, in the tile, for both stores.
        float *L = Cc + (size_t)m0 * N + (size_t)nt * T * VL;
        store_cols(part, T * VL, rows, cols, L, e & SS_EPI_GELU, stream);
        e &= ~SS_EPI_GELU;
      }
      if (C)
        store_tile(part, T * VL, rows, cols, C + (size_t)m0 * ldc + nt, ldc, e,
                   res ? res + (size_t)m0 * ldr + nt : 0, ldr);
    }
  }
  if (Cc && stream) stream_fence();
}
