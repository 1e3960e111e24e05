// AMX int8 tile products (Sapphire Rapids and later), in the AVX-512 build when the compiler
// has the AMX intrinsics (build-native.mjs adds -mamx-tile -mamx-int8 when it accepts them).
// One TDPBUSD multiplies a 16 × 64 u8 tile by a 16 × 64 s8 tile (16 quads × 16 columns) into
// 16 × 16 int32 sums: 16384 multiply-adds, 16× a 512-bit VPDPBUSD. The dense int8 panels
// ([panel][quad][32 columns][4 bytes]) are already two B tiles side by side with a 128-byte
// row stride, and prepI8Rows' u8 rows are A tiles with the row stride lda, so the AMX path
// needs no format of its own. Linux hands out tile state only on request
// (arch_prctl ARCH_REQ_XCOMP_PERM), once per process; SPARSESCOPE_AMX=off keeps it off.
#if defined(__AMX_TILE__) && defined(__AMX_INT8__) && defined(__linux__)
#define SS_AMX 1
#include <sys/syscall.h>
#include <unistd.h>
#include <cpuid.h>

#define SS_ARCH_REQ_XCOMP_PERM 0x1023
#define SS_XFEATURE_XTILEDATA 18

/** 1 when this process may run AMX tile instructions (asked for once; idempotent). */
static int amx_enabled(void) {
  static int state = -1;
  int s = __atomic_load_n(&state, __ATOMIC_ACQUIRE);
  if (s >= 0) return s;
  unsigned a, b, c, d;
  const char *env = getenv("SPARSESCOPE_AMX");
  s = !(env && strcmp(env, "off") == 0) && __get_cpuid_count(7, 0, &a, &b, &c, &d) &&
      ((d >> 24) & 1) && ((d >> 25) & 1) &&
      syscall(SYS_arch_prctl, SS_ARCH_REQ_XCOMP_PERM, SS_XFEATURE_XTILEDATA) == 0;
  __atomic_store_n(&state, s, __ATOMIC_RELEASE);
  return s;
}

typedef struct {
  uint8_t palette, start_row, reserved[14];
  uint16_t colsb[16];
  uint8_t rows[16];
} __attribute__((aligned(64))) amx_config;

/** Tiles 0–3: sums C00 C01 C10 C11; 4–5: A rows 0–15 and 16–31; 6–7: B columns 0–15, 16–31. */
static void amx_configure(int rows0, int rows1) {
  amx_config cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.palette = 1;
  const int rows[8] = {rows0, rows0, rows1, rows1, rows0, rows1, 16, 16};
  for (int t = 0; t < 8; t++) {
    cfg.rows[t] = (uint8_t)(rows[t] ? rows[t] : 1);
    cfg.colsb[t] = 64;
  }
  _tile_loadconfig(&cfg);
}

/**
 * rows × cols sums (row stride 32) of columns n … to C as i8_row_out does, with the column
 * sums, scales and bias loaded once per block: per row only the arithmetic is left (measured:
 * per-row loads made the output stage 40% of an M = 16 product). The float epilogue (GELU,
 * then the residual rows at res) is applied in registers before the store: a separate pass
 * over the block made GELU cost 1.4× its own arithmetic (M64 K768 N3072).
 */
INLINE void amx_block_out(const int32_t *sums, int rows, uint8_t *cm, int ldc, const i8_out *o,
                          int n, int cols, const float *res) {
  vi cs0, cs1;
  i8_colsum_fix(o, n, cols, &cs0, &cs1);
  if (o->mode == 0) {
    for (int r = 0; r < rows; r++)
      i8_row_out(ldi(sums + r * 32) - cs0, ldi(sums + r * 32 + 16) - cs1,
                 cm + (size_t)r * ldc * 4, o, n, cols);
    return;
  }
  const vf s0 = ld_part(o->scale + n, cols) * o->sa, s1 = ld_part(o->scale + n + VL, cols - VL) * o->sa;
  const vf b0 = o->bias ? ld_part(o->bias + n, cols) : splat(0);
  const vf b1 = o->bias ? ld_part(o->bias + n + VL, cols - VL) : splat(0);
  for (int r = 0; r < rows; r++) {
    float *c = (float *)(cm + (size_t)r * ldc * 4);
    vf v0 = __builtin_convertvector(ldi(sums + r * 32) - cs0, vf) * s0 + b0;
    vf v1 = __builtin_convertvector(ldi(sums + r * 32 + 16) - cs1, vf) * s1 + b1;
    if (o->epi & SS_EPI_GELU) {
      v0 = vgelu(v0);
      v1 = vgelu(v1);
    }
    if (o->epi & SS_EPI_RESIDUAL) {
      const float *rr = res + (size_t)r * o->ldr;
      v0 += ld_part(rr, cols);
      v1 += ld_part(rr + VL, cols - VL);
    }
    if (cols == 2 * VL) {
      st(c, v0);
      st(c + VL, v1);
    } else {
      st_part(c, v0, cols);
      st_part(c + VL, v1, cols - VL);
    }
  }
}

/**
 * Expands a masked panel (k_maskI8's format) into dense tile rows a few at a time, so that the
 * expansion of panel p + 1 can run on the vector units while panel p's tile products occupy
 * the TMUL unit (measured: 3–10% off a masked product at M = 64). One 64-byte row per mask.
 */
typedef struct {
  const uint64_t *masks;
  const int8_t *vals;
  int8_t *dst;
  size_t left;
} amx_expander;

/** The next min(rows, left) rows; four at a time, their value offsets independent of each other. */
__attribute__((target("avx512vbmi2"), noinline)) static void amx_expand_some(amx_expander *e,
                                                                             size_t rows) {
  if (rows > e->left) rows = e->left;
  const uint64_t *m = e->masks;
  const int8_t *v = e->vals;
  int8_t *d = e->dst;
  size_t i = 0;
  for (; i + 4 <= rows; i += 4) {
    const int8_t *v1 = v + __builtin_popcountll(m[i]), *v2 = v1 + __builtin_popcountll(m[i + 1]);
    const int8_t *v3 = v2 + __builtin_popcountll(m[i + 2]);
    _mm512_storeu_si512(d + i * 64, _mm512_maskz_expandloadu_epi8((__mmask64)m[i], v));
    _mm512_storeu_si512(d + i * 64 + 64, _mm512_maskz_expandloadu_epi8((__mmask64)m[i + 1], v1));
    _mm512_storeu_si512(d + i * 64 + 128, _mm512_maskz_expandloadu_epi8((__mmask64)m[i + 2], v2));
    _mm512_storeu_si512(d + i * 64 + 192, _mm512_maskz_expandloadu_epi8((__mmask64)m[i + 3], v3));
    v = v3 + __builtin_popcountll(m[i + 3]);
  }
  for (; i < rows; i++) {
    _mm512_storeu_si512(d + i * 64, _mm512_maskz_expandloadu_epi8((__mmask64)m[i], v));
    v += __builtin_popcountll(m[i]);
  }
  e->masks = m + rows;
  e->vals = v;
  e->dst = d + rows * 64;
  e->left -= rows;
}

/** One K step of a panel (16 quads × 2 rows of 64 bytes), and the M ≤ 32 ring of steps. */
#define AMX_STEP_ROWS 32
#define AMX_STEP_BYTES (AMX_STEP_ROWS * 64)
#define AMX_RING 4
#define AMX_AHEAD 2

/**
 * One 32-column panel (wp in the dense panel layout: [quad][32 columns][4 bytes]) of the
 * int8 product on tiles: per 32 tokens four 16 × 16 sums over K in steps of 64, then out
 * through amx_block_out and the epilogue. K must be a multiple of 64 (the caller checks).
 * `next` (or null) is a panel to expand meanwhile, `chunk` rows after each step's products.
 * With `ring` (M ≤ 32: each step's weights are used once), wp is instead a ring of
 * AMX_RING steps that `next`, this panel's own expander, fills AMX_AHEAD steps ahead.
 */
static void amx_panel(const uint8_t *A, int lda, const int8_t *wp, int Kq, uint8_t *C, int ldc,
                      int M, int n, int cols, const i8_out *o, int32_t *sums, int *configured,
                      amx_expander *next, size_t chunk, int ring) {
  const int steps = Kq / 16;
  const size_t ldb = (size_t)I8_NR * 4;
  for (int m = 0; m < M; m += 32) {
    const int rows = MIN(32, M - m), r0 = MIN(16, rows), r1 = rows - r0;
    if (*configured != rows) {
      amx_configure(r0, r1);
      *configured = rows;
    }
    const uint8_t *a0 = A + (size_t)m * lda, *a1 = a0 + (size_t)16 * lda;
    _tile_zero(0);
    _tile_zero(1);
    if (r1) {
      _tile_zero(2);
      _tile_zero(3);
    }
    for (int s = 0; s < steps; s++) {
      const int8_t *b = wp + (size_t)(ring ? s % AMX_RING : s) * AMX_STEP_BYTES;
      if (ring && s + AMX_AHEAD < steps) {
        next->dst = (int8_t *)wp + (size_t)((s + AMX_AHEAD) % AMX_RING) * AMX_STEP_BYTES;
        amx_expand_some(next, AMX_STEP_ROWS);
      }
      _tile_loadd(4, a0 + (size_t)s * 64, lda);
      _tile_loadd(6, b, ldb);
      _tile_loadd(7, b + 64, ldb);
      _tile_dpbusd(0, 4, 6);
      _tile_dpbusd(1, 4, 7);
      if (r1) {
        _tile_loadd(5, a1 + (size_t)s * 64, lda);
        _tile_dpbusd(2, 5, 6);
        _tile_dpbusd(3, 5, 7);
      }
      if (!ring && next && next->left) amx_expand_some(next, chunk);
    }
    _tile_stored(0, sums, 128);
    _tile_stored(1, sums + 16, 128);
    if (r1) {
      _tile_stored(2, sums + 16 * 32, 128);
      _tile_stored(3, sums + 16 * 32 + 16, 128);
    }
    uint8_t *cm = C + ((size_t)m * ldc + n) * 4;
    amx_block_out(sums, rows, cm, ldc, o, n, cols, o->res ? o->res + (size_t)m * o->ldr + n : 0);
  }
  if (!ring && next && next->left) amx_expand_some(next, next->left);
}

/** Columns [n0, n1) of the dense int8 product on tiles, panel by panel. */
static void gemm_i8_amx(const uint8_t *A, int lda, const int8_t *W, int Kq, uint8_t *C, int ldc,
                        int M, int n0, int n1, const i8_out *o) {
  int32_t *sums = (int32_t *)scratch(32 * 32 * 4);
  if (!sums) return;
  int configured = -1;
  for (int p = n0 / I8_NR; p * I8_NR < n1; p++) {
    const int n = p * I8_NR;
    amx_panel(A, lda, W + (size_t)p * Kq * I8_NR * 4, Kq, C, ldc, M, n, MIN(I8_NR, n1 - n), o, sums,
              &configured, 0, 0, 0);
  }
  _tile_release();
}

#else
#define SS_AMX 0
static int amx_enabled(void) { return 0; }
#endif

/**
 * The masked int8 format (OpenVINO's sparse-weight decompression, on tiles): the dense panel
 * layout cut into 64-byte rows (16 columns × one quad); each row keeps a 64-bit mask of its
 * nonzero bytes and only those bytes, in order. Per panel: masks [Kq · 2] and the offset of
 * its first value. At 90% unstructured sparsity that is 0.23 bytes per weight instead of 1,
 * and a row expands with one instruction into a tile buffer the AMX loop reads as dense.
 */

/** args: packed, K, N, masks, vals, panelStart — compress packI8's panels (vals sized by the caller). */
static void k_maskI8(uint8_t *base, const double *a) {
  const int8_t *W = PTR(const int8_t, a[0]);
  const int K = (int)a[1], N = (int)a[2];
  uint64_t *masks = PTR(uint64_t, a[3]);
  int8_t *vals = PTR(int8_t, a[4]);
  uint32_t *start = PTR(uint32_t, a[5]);
  const int Kq = (K + 3) / 4, panels = (N + I8_NR - 1) / I8_NR;
  uint32_t off = 0;
  for (int p = 0; p < panels; p++) {
    start[p] = off;
    const size_t rows = (size_t)Kq * I8_NR * 4 / 64;
    for (size_t i = 0; i < rows; i++) {
      const int8_t *row = W + ((size_t)p * Kq * I8_NR * 4) + i * 64;
      uint64_t m = 0;
      for (int j = 0; j < 64; j++)
        if (row[j]) {
          m |= 1ull << j;
          vals[off++] = row[j];
        }
      masks[(size_t)p * rows + i] = m;
    }
  }
  start[panels] = off;
}

/** Rows of a masked panel back to the dense panel layout, without VBMI2. */
static void expand_panel_scalar(const uint64_t *masks, const int8_t *vals, int Kq, int8_t *dst) {
  const size_t rows = (size_t)Kq * I8_NR * 4 / 64;
  for (size_t i = 0; i < rows; i++)
    for (int j = 0; j < 64; j++) dst[i * 64 + j] = (masks[i] >> j) & 1 ? *vals++ : 0;
}

/**
 * args: a, lda, masks, vals, panelStart, K, M, N, n0, n1, out, ldc, then the output block.
 * Each panel is expanded into a tile buffer and multiplied there: on AMX tiles when this
 * process has them (K a multiple of 64), else by the dense kernel's tile (correct anywhere,
 * used by tests; the engine picks this format only with AMX).
 */
static void k_gemmI8Mask(uint8_t *base, const double *a) {
  const uint8_t *A = PTR(const uint8_t, a[0]);
  const int lda = (int)a[1];
  const uint64_t *masks = PTR(const uint64_t, a[2]);
  const int8_t *vals = PTR(const int8_t, a[3]);
  const uint32_t *start = PTR(const uint32_t, a[4]);
  const int K = (int)a[5], M = (int)a[6], N = (int)a[7], n0 = (int)a[8], n1 = MIN((int)a[9], N);
  uint8_t *C = PTR(uint8_t, a[10]);
  const int ldc = (int)a[11];
  const i8_out o = i8_output(base, a + 12);
  const int Kq = (K + 3) / 4;
  const size_t panelBytes = (size_t)Kq * I8_NR * 4, panelRows = panelBytes / 64;
  /* two panel buffers (the one multiplied, the next one being expanded), then the tile sums */
  uint8_t *work = (uint8_t *)scratch(2 * panelBytes + 32 * 32 * 4 + 64);
  if (!work) return;
  int8_t *buf[2] = {(int8_t *)work, (int8_t *)work + panelBytes};
  int32_t *sums = (int32_t *)(work + 2 * panelBytes + 64 - (2 * panelBytes) % 64);
  const int p0 = n0 / I8_NR;
#if SS_AMX
  const int amx = K % 64 == 0 && amx_enabled();
  int configured = -1;
  if (amx && M <= 32) {
    /* One row block: each step's weights are used once, so they are expanded just ahead into
     * an L1-resident ring instead of a whole panel ahead (a 96 KB panel buffer spills to L2:
     * the expansion alone ran 1.4 ns per row there, 1.0 ns into 12 KB). */
    int8_t *ring = buf[0];
    for (int p = p0; p * I8_NR < n1; p++) {
      const int n = p * I8_NR;
      amx_expander own = {masks + (size_t)p * panelRows, vals + start[p], ring, panelRows};
      for (int s = 0; s < AMX_AHEAD && own.left; s++) {
        own.dst = ring + (size_t)s * AMX_STEP_BYTES;
        amx_expand_some(&own, AMX_STEP_ROWS);
      }
      amx_panel(A, lda, ring, Kq, C, ldc, M, n, MIN(I8_NR, n1 - n), &o, sums, &configured,
                &own, 0, 1);
    }
  } else if (amx && p0 * I8_NR < n1) {
    /* each step of panel p expands its share of panel p + 1: rows / (row blocks · steps) */
    const size_t stepsAll = (size_t)((M + 31) / 32) * (size_t)(Kq / 16);
    const size_t chunk = (panelRows + stepsAll - 1) / stepsAll;
    amx_expander first = {masks + (size_t)p0 * panelRows, vals + start[p0], buf[0], panelRows};
    amx_expand_some(&first, panelRows);
    for (int p = p0; p * I8_NR < n1; p++) {
      const int n = p * I8_NR, more = n + I8_NR < n1;
      amx_expander next = {masks + (size_t)(p + 1) * panelRows, more ? vals + start[p + 1] : vals,
                           buf[(p + 1 - p0) & 1], more ? panelRows : 0};
      amx_panel(A, lda, buf[(p - p0) & 1], Kq, C, ldc, M, n, MIN(I8_NR, n1 - n), &o, sums,
                &configured, &next, chunk, 0);
    }
  }
#else
  const int amx = 0;
#endif
  if (!amx) {
    for (int p = p0; p * I8_NR < n1; p++) {
      const int n = p * I8_NR;
      expand_panel_scalar(masks + (size_t)p * panelRows, vals + start[p], Kq, buf[0]);
      vnni_panel(A, lda, buf[0], Kq, C, ldc, M, n, MIN(I8_NR, n1 - n), &o);
    }
  }
#if SS_AMX
  if (amx) _tile_release();
#else
  (void)amx;
#endif
}
