// Shared definitions for one ISA build of the native kernels. The including .c file defines
// VL (float lanes per vector), MR (rows per dense micro-tile) and an ISA suffix, then includes
// the impl-*.h files: the same source compiles to AVX-512, AVX2 and a generic 128-bit build
// (NEON on arm64) through GCC/Clang vector extensions, so every tier runs identical logic.
#ifndef SS_IMPL_COMMON_H
#define SS_IMPL_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <pthread.h>

#include "kernels.h"

typedef float vf __attribute__((vector_size(VL * 4)));
typedef int32_t vi __attribute__((vector_size(VL * 4)));
typedef uint32_t vu __attribute__((vector_size(VL * 4)));

#define INLINE static inline __attribute__((always_inline))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/** A kernel argument: a byte offset into the shared memory, as a typed pointer. */
#define PTR(T, x) ((T *)(base + (size_t)(x)))
#define OPT(T, x) ((x) ? PTR(T, x) : (T *)0)

INLINE vf ld(const float *p) {
  vf v;
  memcpy(&v, p, sizeof v);
  return v;
}
INLINE void st(float *p, vf v) { memcpy(p, &v, sizeof v); }
INLINE vi ldi(const void *p) {
  vi v;
  memcpy(&v, p, sizeof v);
  return v;
}
INLINE void sti(void *p, vi v) { memcpy(p, &v, sizeof v); }
// x − 0 is exactly x (also for −0), so this folds to a broadcast where x + 0 would not.
INLINE vf splat(float x) { return x - (vf){0}; }
INLINE vi splati(int32_t x) { return (vi){0} + x; }

/** The first n lanes of v to p (tails of rows and panels). */
INLINE void st_part(float *p, vf v, int n) {
  if (n >= VL) st(p, v);
  else if (n > 0) memcpy(p, &v, (size_t)n * 4);
}
INLINE vf ld_part(const float *p, int n) {
  if (n >= VL) return ld(p);
  vf v = {0};
  if (n > 0) memcpy(&v, p, (size_t)n * 4);
  return v;
}

INLINE float hsum(vf v) {
  float s = 0;
  for (int i = 0; i < VL; i++) s += v[i];
  return s;
}
INLINE float hmax(vf v) {
  float m = v[0];
  for (int i = 1; i < VL; i++) m = v[i] > m ? v[i] : m;
  return m;
}
INLINE vf vsel(vi m, vf a, vf b) { return (vf)(((vi)a & m) | ((vi)b & ~m)); }
/* max/min as a > b ? a : b (b when either is NaN, b for ±0 ties): exactly what MAXPS/MINPS do,
 * so the ISA builds use the one instruction (the select took three). */
#if VL == 16 && defined(__AVX512F__)
INLINE vf vmax(vf a, vf b) { return (vf)_mm512_max_ps((__m512)a, (__m512)b); }
INLINE vf vmin(vf a, vf b) { return (vf)_mm512_min_ps((__m512)a, (__m512)b); }
#elif VL == 8 && defined(__AVX__)
INLINE vf vmax(vf a, vf b) { return (vf)_mm256_max_ps((__m256)a, (__m256)b); }
INLINE vf vmin(vf a, vf b) { return (vf)_mm256_min_ps((__m256)a, (__m256)b); }
#else
INLINE vf vmax(vf a, vf b) { return vsel(a > b, a, b); }
INLINE vf vmin(vf a, vf b) { return vsel(a < b, a, b); }
#endif
INLINE vf vabs(vf a) { return (vf)((vu)a & 0x7fffffffu); }

/** e^x for float lanes: x = n·ln2 + r, degree-6 polynomial, 2^n in the exponent bits. */
INLINE vf vexp(vf x) {
  vi under = x < -87.33f;
  x = vmin(vmax(x, splat(-87.33f)), splat(88.7f));
  vf n = x * 1.4426950408889634f;
  n = __builtin_convertvector(__builtin_convertvector(n + (vf)(((vu)n & 0x80000000u) | 0x3f000000u), vi), vf);
  vf r = x - n * 0.693145751953125f;
  r = r - n * 1.428606765330187e-6f;
  vf p = splat(1.0f / 720.0f);
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  vi scale = (__builtin_convertvector(n, vi) + 127) << 23;
  return (vf)((vi)(p * (vf)scale) & ~under);
}

/** Whether any lane of a comparison mask is set (one instruction where the ISA has it). */
INLINE int any_lane(vi m) {
#if VL == 16 && defined(__AVX512F__)
  return _mm512_test_epi32_mask((__m512i)m, (__m512i)m) != 0;
#elif VL == 8 && defined(__AVX2__)
  return !_mm256_testz_si256((__m256i)m, (__m256i)m);
#else
  int32_t acc = 0;
  for (int l = 0; l < VL; l++) acc |= m[l];
  return acc != 0;
#endif
}

/** 1/x: on AVX-512 a 14-bit estimate and one Newton step (≈ 1 ulp) instead of a divide. */
INLINE vf vrecip(vf x) {
#if VL == 16 && defined(__AVX512F__)
  const vf r = (vf)_mm512_rcp14_ps((__m512)x);
  return r * (2.0f - x * r);
#else
  return 1.0f / x;
#endif
}

/**
 * erf as x·P(x²)/Q(x²) on x clamped to ±3.92 (beyond, erf is ±1 to within 6e-8): degrees 6
 * and 4, fitted for this kernel by reweighted least squares on the absolute error (1e-7 in
 * exact arithmetic, 4.3e-7 in float lanes). No exp and one reciprocal: measured 1.85× the
 * speed of the Abramowitz–Stegun 7.1.26 form with its exp, which made GELU cost as much as
 * the int8 product it follows (M64 K768 N3072 on AMX tiles).
 */
INLINE vf verf(vf x) {
  x = vmin(vmax(x, splat(-3.92f)), splat(3.92f));
  const vf t = x * x;
  vf p = splat(2.0843673453896372e-08f);
  p = p * t - 1.991406634260784e-06f;
  p = p * t + 1.383565686410293e-04f;
  p = p * t + 3.4613243769854307e-03f;
  p = p * t + 4.971906170248985e-02f;
  p = p * t + 1.9363172352313995e-01f;
  p = p * t + 1.128378987312317f;
  vf q = splat(9.059111471287906e-04f);
  q = q * t + 1.3824429363012314e-02f;
  q = q * t + 1.123848631978035e-01f;
  q = q * t + 5.049319863319397e-01f;
  q = q * t + 1.0f;
  return x * p * vrecip(q);
}

INLINE vf vgelu(vf x) { return x * 0.5f * (verf(x * 0.7071067811865476f) + 1.0f); }

/**
 * The epilogue of the matrix products (see kernels.h) over rows × cols of C just written:
 * kept out of line so the unrolled tiles stay small; the rows are still in L1.
 */
static __attribute__((noinline)) void epilogue_rows(float *c, size_t ldc, int rows, int cols,
                                                    int epi, const float *res, size_t ldr) {
  for (int r = 0; r < rows; r++) {
    float *row = c + (size_t)r * ldc;
    const float *rr = res ? res + (size_t)r * ldr : 0;
    for (int j = 0; j < cols; j += VL) {
      const int n = MIN(VL, cols - j);
      vf v = ld_part(row + j, n);
      if (epi & SS_EPI_GELU) v = vgelu(v);
      if (epi & SS_EPI_RESIDUAL) v += ld_part(rr + j, n);
      st_part(row + j, v, n);
    }
  }
}

/**
 * In-register transpose of VL×VL floats: stage s swaps bit s of the row index with bit s of
 * the column index, so log2(VL) two-source shuffle stages transpose the whole block.
 */
INLINE void transpose_block(vf r[VL]) {
#pragma GCC unroll 8
  for (int s = 1; s < VL; s <<= 1) {
    vi lo, hi;
    for (int j = 0; j < VL; j++) {
      lo[j] = (j & s) ? VL + j - s : j;
      hi[j] = (j & s) ? VL + j : j + s;
    }
#pragma GCC unroll 16
    for (int i = 0; i < VL; i++) {
      if (i & s) continue;
      vf x = r[i], y = r[i + s];
      r[i] = __builtin_shuffle(x, y, lo);
      r[i + s] = __builtin_shuffle(x, y, hi);
    }
  }
}

/**
 * Per-thread scratch that grows on demand (each JS worker is its own OS thread), freed when
 * its thread exits: every benchmark stream is a short-lived worker, and a host running sweeps
 * leaked one buffer per worker before the thread-exit destructor.
 */
static __thread float *ss_scratch;
static __thread size_t ss_scratch_bytes;
static pthread_key_t ss_scratch_key;
static pthread_once_t ss_scratch_once = PTHREAD_ONCE_INIT;
static void ss_scratch_key_init(void) { pthread_key_create(&ss_scratch_key, free); }
static inline float *scratch(size_t bytes) {
  if (bytes > ss_scratch_bytes) {
    free(ss_scratch);
    ss_scratch_bytes = bytes + (bytes >> 2) + 4096;
    if (posix_memalign((void **)&ss_scratch, 64, ss_scratch_bytes) != 0) {
      ss_scratch = 0;
      ss_scratch_bytes = 0;
    }
    pthread_once(&ss_scratch_once, ss_scratch_key_init);
    pthread_setspecific(ss_scratch_key, ss_scratch);
  }
  return ss_scratch;
}

/**
 * A store that bypasses the caches (to memory through write-combining buffers) where the ISA
 * has one and p is vector-aligned; else a plain store. stream_fence() orders such stores
 * before the kernel's return (other threads read them next).
 */
INLINE void st_stream(float *p, vf v) {
#if VL == 16 && defined(__AVX512F__)
  if (((uintptr_t)p & 63) == 0) {
    _mm512_stream_ps(p, (__m512)v);
    return;
  }
#elif VL == 8 && defined(__AVX__)
  if (((uintptr_t)p & 31) == 0) {
    _mm256_stream_ps(p, (__m256)v);
    return;
  }
#endif
  st(p, v);
}
INLINE void stream_fence(void) {
#if defined(__AVX__)
  _mm_sfence();
#endif
}

/**
 * Prefetch column n's entries of the passes kb + 1 and kb + 2 over a blocked-CSC weight
 * (blockPtr bp [block + 1][N], 4-byte values, 16-bit indices; a pass is `per` blocks), only
 * kb + 2 after the first pass (kb + 1 was asked for a pass earlier). A tile walked pass by
 * pass reads its columns' entries as 2·SP_CT interleaved streams, more than the hardware
 * prefetcher follows. Measured on AMD EPYC (Zen 4, 1 MB L2), 90% sparse, M = 64, 24 weights
 * cycled so they stream from memory as in a model: K = 3072 × N = 768 products ran 1.6×
 * (fp32) and 1.3× (int8) as fast with these prefetches, K = 768 ones 1.04–1.17× (fp32).
 */
INLINE void prefetch_passes(const int32_t *bp, int N, int n, int nkb, int per, int passes, int kb,
                            const void *vals, const uint16_t *idx) {
  for (int d = kb ? 2 : 1; d <= 2 && kb + d < passes; d++) {
    const int s = bp[(size_t)MIN(nkb, (kb + d) * per) * N + n];
    const int e = bp[(size_t)MIN(nkb, (kb + d + 1) * per) * N + n];
    for (int p = s & ~15; p < e; p += 16) __builtin_prefetch((const int32_t *)vals + p);
    for (int p = s & ~31; p < e; p += 32) __builtin_prefetch(idx + p);
  }
}

#endif
