// Fused attention per (batch, head) unit: scores = Q·Kᵀ·scale + mask, softmax over keys,
// context = P·V, written into the head's columns of the merged [tokens, hidden] output.
// K is transposed once per unit into scratch; only a block of four query rows of scores
// exists at a time, so memory stays O(d·T) however long the sequence is.

#define QB 4

/** Scores of QB_ query rows against all Tp keys into p (row stride Tp). */
INLINE void att_scores(const float *q, int ldq, const float *kt, int Tp, int d, const int QB_,
                       float *p) {
  for (int j0 = 0; j0 < Tp; j0 += 4 * VL) {
    const int nv = MIN(4, (Tp - j0) / VL);
    vf acc[QB][4];
    for (int r = 0; r < QB_; r++)
      for (int t = 0; t < 4; t++) acc[r][t] = splat(0);
    for (int c = 0; c < d; c++) {
      const float *kr = kt + (size_t)c * Tp + j0;
      vf kv[4];
      for (int t = 0; t < 4; t++) kv[t] = t < nv ? ld(kr + t * VL) : splat(0);
#pragma GCC unroll 4
      for (int r = 0; r < QB_; r++) {
        const vf x = splat(q[(size_t)r * ldq + c]);
#pragma GCC unroll 4
        for (int t = 0; t < 4; t++) acc[r][t] += x * kv[t];
      }
    }
    for (int r = 0; r < QB_; r++)
      for (int t = 0; t < nv; t++) st(p + (size_t)r * Tp + j0 + t * VL, acc[r][t]);
  }
}

/** Scaled, masked, exponentiated scores in place; returns 1/Σ for the deferred division. */
INLINE float att_softmax(float *p, int T, float scale, const float *mask) {
  const int tv = T / VL * VL;
  float mx = -INFINITY;
  if (tv) {
    vf m = splat(-INFINITY);
    for (int j = 0; j < tv; j += VL) {
      vf s = ld(p + j) * scale;
      if (mask) s += ld(mask + j);
      st(p + j, s);
      m = vmax(m, s);
    }
    mx = hmax(m);
  }
  for (int j = tv; j < T; j++) {
    p[j] = p[j] * scale + (mask ? mask[j] : 0.0f);
    mx = MAX(mx, p[j]);
  }
  if (mx == -INFINITY) mx = 0;
  vf acc = splat(0);
  for (int j = 0; j < tv; j += VL) {
    const vf e = vexp(ld(p + j) - mx);
    st(p + j, e);
    acc += e;
  }
  float sum = hsum(acc);
  for (int j = tv; j < T; j++) {
    p[j] = vexp(splat(p[j] - mx))[0];
    sum += p[j];
  }
  return 1.0f / sum;
}

/** context rows = (P·V) / Σ for QB_ rows, d columns (a multiple of VL). */
INLINE void att_context(const float *p, int Tp, int T, const float *v, int ldv, int d,
                        const int QB_, const float *inv, float *out, int ldo) {
  for (int c0 = 0; c0 < d; c0 += 4 * VL) {
    const int nv = MIN(4, (d - c0) / VL);
    vf acc[QB][4];
    for (int r = 0; r < QB_; r++)
      for (int t = 0; t < 4; t++) acc[r][t] = splat(0);
    for (int j = 0; j < T; j++) {
      const float *vr = v + (size_t)j * ldv + c0;
      vf vv[4];
      for (int t = 0; t < 4; t++) vv[t] = t < nv ? ld(vr + t * VL) : splat(0);
#pragma GCC unroll 4
      for (int r = 0; r < QB_; r++) {
        const vf x = splat(p[(size_t)r * Tp + j]);
#pragma GCC unroll 4
        for (int t = 0; t < 4; t++) acc[r][t] += x * vv[t];
      }
    }
    for (int r = 0; r < QB_; r++)
      for (int t = 0; t < nv; t++) st(out + (size_t)r * ldo + c0 + t * VL, acc[r][t] * inv[r]);
  }
}

/**
 * args: q, k, v, out, S, T, heads, d, ldq, ldk, ldv, ldo, scale, mask, maskBatch, maskRow,
 * u0, u1. Units u = b·heads + h in [u0, u1); mask (additive, or 0) at
 * mask[b·maskBatch + i·maskRow + j]. d must be a multiple of VL.
 */
static void k_attention(uint8_t *base, const double *a) {
  const float *Q = PTR(const float, a[0]), *K = PTR(const float, a[1]);
  const float *V = PTR(const float, a[2]);
  float *O = PTR(float, a[3]);
  const int S = (int)a[4], T = (int)a[5], heads = (int)a[6], d = (int)a[7];
  const int ldq = (int)a[8], ldk = (int)a[9], ldv = (int)a[10], ldo = (int)a[11];
  const float scale = (float)a[12];
  const float *mask = OPT(const float, a[13]);
  const size_t mb = (size_t)a[14], mr = (size_t)a[15];
  const int u0 = (int)a[16], u1 = (int)a[17];
  const int Tp = (T + VL - 1) / VL * VL;
  float *kt = scratch(((size_t)d * Tp + (size_t)QB * Tp) * 4);
  if (!kt) return;
  float *p = kt + (size_t)d * Tp;
  for (int u = u0; u < u1; u++) {
    const int b = u / heads, h = u % heads;
    const float *q = Q + (size_t)b * S * ldq + (size_t)h * d;
    const float *k = K + (size_t)b * T * ldk + (size_t)h * d;
    const float *v = V + (size_t)b * T * ldv + (size_t)h * d;
    float *o = O + (size_t)b * S * ldo + (size_t)h * d;
    // Kᵀ into scratch, VL × VL blocks through registers (keys past T are zero).
    for (int j0 = 0; j0 < Tp; j0 += VL)
      for (int c0 = 0; c0 < d; c0 += VL) {
        vf blk[VL];
        for (int i = 0; i < VL; i++)
          blk[i] = j0 + i < T ? ld(k + (size_t)(j0 + i) * ldk + c0) : splat(0);
        transpose_block(blk);
        for (int i = 0; i < VL; i++) st(kt + (size_t)(c0 + i) * Tp + j0, blk[i]);
      }
    for (int i = 0; i < S; i += QB) {
      const int rows = MIN(QB, S - i);
      float inv[QB];
      switch (rows) {
        case 4: att_scores(q + (size_t)i * ldq, ldq, kt, Tp, d, 4, p); break;
        case 3: att_scores(q + (size_t)i * ldq, ldq, kt, Tp, d, 3, p); break;
        case 2: att_scores(q + (size_t)i * ldq, ldq, kt, Tp, d, 2, p); break;
        default: att_scores(q + (size_t)i * ldq, ldq, kt, Tp, d, 1, p); break;
      }
      for (int r = 0; r < rows; r++)
        inv[r] = att_softmax(p + (size_t)r * Tp, T, scale, mask ? mask + b * mb + (size_t)(i + r) * mr : 0);
      switch (rows) {
        case 4: att_context(p, Tp, T, v, ldv, d, 4, inv, o + (size_t)i * ldo, ldo); break;
        case 3: att_context(p, Tp, T, v, ldv, d, 3, inv, o + (size_t)i * ldo, ldo); break;
        case 2: att_context(p, Tp, T, v, ldv, d, 2, inv, o + (size_t)i * ldo, ldo); break;
        default: att_context(p, Tp, T, v, ldv, d, 1, inv, o + (size_t)i * ldo, ldo); break;
      }
    }
  }
}
