// Row kernels: layer norm, softmax and GELU. Each takes the range of rows (or elements) it
// covers last, so threads of one stream can split them.

/** args: src, dst, rows, cols, gamma, beta, eps, r0, r1. */
static void k_layerNormRows(uint8_t *base, const double *a) {
  const float *src = PTR(const float, a[0]);
  float *dst = PTR(float, a[1]);
  const int cols = (int)a[3];
  const float *g = PTR(const float, a[4]), *b = OPT(const float, a[5]);
  const float eps = (float)a[6];
  const int r0 = (int)a[7], r1 = MIN((int)a[8], (int)a[2]);
  const int cv = cols / VL * VL;
  for (int r = r0; r < r1; r++) {
    const float *s = src + (size_t)r * cols;
    float *d = dst + (size_t)r * cols;
    vf acc = splat(0);
    for (int c = 0; c < cv; c += VL) acc += ld(s + c);
    float sum = hsum(acc);
    for (int c = cv; c < cols; c++) sum += s[c];
    const float mean = sum / (float)cols;
    acc = splat(0);
    for (int c = 0; c < cv; c += VL) {
      const vf x = ld(s + c) - mean;
      acc += x * x;
    }
    float sq = hsum(acc);
    for (int c = cv; c < cols; c++) sq += (s[c] - mean) * (s[c] - mean);
    const float inv = 1.0f / sqrtf(sq / (float)cols + eps);
    for (int c = 0; c < cv; c += VL) {
      vf y = (ld(s + c) - mean) * inv * ld(g + c);
      st(d + c, b ? y + ld(b + c) : y);
    }
    for (int c = cv; c < cols; c++) d[c] = (s[c] - mean) * inv * g[c] + (b ? b[c] : 0.0f);
  }
}

/** args: src, dst, rows, cols, r0, r1 — softmax over each row, max subtracted. */
static void k_softmaxRows(uint8_t *base, const double *a) {
  const float *src = PTR(const float, a[0]);
  float *dst = PTR(float, a[1]);
  const int cols = (int)a[3];
  const int r0 = (int)a[4], r1 = MIN((int)a[5], (int)a[2]);
  const int cv = cols / VL * VL;
  for (int r = r0; r < r1; r++) {
    const float *s = src + (size_t)r * cols;
    float *d = dst + (size_t)r * cols;
    float mx = -INFINITY;
    if (cv) {
      vf m = ld(s);
      for (int c = VL; c < cv; c += VL) m = vmax(m, ld(s + c));
      mx = hmax(m);
    }
    for (int c = cv; c < cols; c++) mx = s[c] > mx ? s[c] : mx;
    if (mx == -INFINITY) mx = 0;
    vf acc = splat(0);
    for (int c = 0; c < cv; c += VL) {
      const vf e = vexp(ld(s + c) - mx);
      st(d + c, e);
      acc += e;
    }
    float sum = hsum(acc);
    for (int c = cv; c < cols; c++) {
      const float e = vexp(splat(s[c] - mx))[0];
      d[c] = e;
      sum += e;
    }
    const float inv = 1.0f / sum;
    for (int c = 0; c < cv; c += VL) st(d + c, ld(d + c) * inv);
    for (int c = cv; c < cols; c++) d[c] *= inv;
  }
}

/** args: src, dst, n, tanhForm, i0, i1 — GELU of elements [i0, i1). */
static void k_geluRows(uint8_t *base, const double *a) {
  const float *src = PTR(const float, a[0]);
  float *dst = PTR(float, a[1]);
  const int tanhForm = (int)a[3];
  const int i0 = (int)a[4], i1 = MIN((int)a[5], (int)a[2]);
  int i = i0;
  if (tanhForm) {
    for (; i < i1; i += VL) {
      const int n = MIN(VL, i1 - i);
      const vf x = ld_part(src + i, n);
      const vf u = 0.7978845608028654f * (x + 0.044715f * x * x * x);
      const vf e = vexp(2.0f * vmin(u, splat(40.0f)));
      st_part(dst + i, x * 0.5f * (2.0f - 2.0f / (e + 1.0f)), n);
    }
    return;
  }
  for (; i + VL <= i1; i += VL) st(dst + i, vgelu(ld(src + i)));
  if (i < i1) st_part(dst + i, vgelu(ld_part(src + i, i1 - i)), i1 - i);
}

/**
 * args: src, dst, n, scale, zp, signed, i0, i1 — y = saturate(round_half_even(x / scale) + zp)
 * for elements [i0, i1), int8 (signed) or uint8, exactly ONNX's QuantizeLinear. Clamping the
 * quotient to the integer bounds first gives the same result (rounding is monotonic) and keeps
 * it small enough that adding and subtracting 1.5·2²³ rounds half to even in the default mode.
 *
 * A vector divide was most of this kernel's time (measured: 7.6% of a BERT-base INT8 run), so
 * it multiplies by the reciprocal instead. x·fl(1/s) is within 2⁻²²·|q| of fl(x/s), so the two
 * round to the same integer unless q lies that close to a half-integer; such a vector (rare)
 * is divided, which keeps the result bit-exact. A scale whose reciprocal is not a normal
 * float always divides.
 */
typedef uint8_t vb __attribute__((vector_size(VL)));
/** A quotient clamped to [lo, hi] (integers); NaN → 0, as wasm. */
INLINE vf quant_clamp(vf q, vf lo, vf hi) { return vmin(vmax(vsel(q == q, q, splat(0)), lo), hi); }
/** Round half to even, for |q| < 2²² (the default rounding mode does it). */
INLINE vf round_even(vf q) { return (q + splat(12582912.0f)) - splat(12582912.0f); }
static void k_quantizeRows(uint8_t *base, const double *a) {
  const float *src = PTR(const float, a[0]);
  uint8_t *dst = PTR(uint8_t, a[1]);
  const float scale = (float)a[3];
  const int zp = (int)a[4], sg = (int)a[5];
  const int i0 = (int)a[6], i1 = MIN((int)a[7], (int)a[2]);
  const vf lo = splat((float)((sg ? -128 : 0) - zp)), hi = splat((float)((sg ? 127 : 255) - zp));
  const float r = 1.0f / scale;
  const int byReciprocal = fabsf(scale) >= 1.17549435e-38f && fabsf(r) >= 1.17549435e-38f &&
                           fabsf(r) <= 3.40282347e38f;
  for (int i = i0; i < i1; i += VL) {
    const int n = MIN(VL, i1 - i);
    const vf x = n == VL ? ld(src + i) : ld_part(src + i, n);
    const vf q = quant_clamp(byReciprocal ? x * r : x / scale, lo, hi);
    vf rq = round_even(q);
    /* near a tie (a clamped q is an integer, never near one): the exact quotient decides */
    if (byReciprocal && any_lane(vabs(q - rq) >= 0.5f - vabs(q) * 4.76837158e-7f))
      rq = round_even(quant_clamp(x / scale, lo, hi));
    const vb b = __builtin_convertvector(__builtin_convertvector(rq, vi) + zp, vb);
    if (n == VL) memcpy(dst + i, &b, VL); /* a fixed size: one store, not a call */
    else memcpy(dst + i, &b, (size_t)n);
  }
}
