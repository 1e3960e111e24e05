// Peak throughput probes for the micro-benchmarks (test/perf/engines): independent chains of
// the instruction each kernel family is built on, long enough to hide its latency, so
// "GFLOP/s of a kernel / this peak" says how far from the ISA's ceiling the kernel runs.

#if SS_AMX
/** Four independent TDPBUSD chains on tiles (16 × 16 × 64 multiply-adds each) per iteration. */
static void amx_peak(long iters, float *out) {
  static const uint8_t zeros[1024] __attribute__((aligned(64)));
  amx_configure(16, 16);
  _tile_loadd(4, zeros, 64);
  _tile_loadd(5, zeros, 64);
  _tile_loadd(6, zeros, 64);
  _tile_loadd(7, zeros, 64);
  _tile_zero(0);
  _tile_zero(1);
  _tile_zero(2);
  _tile_zero(3);
  for (long i = 0; i < iters; i++) {
    _tile_dpbusd(0, 4, 6);
    _tile_dpbusd(1, 4, 7);
    _tile_dpbusd(2, 5, 6);
    _tile_dpbusd(3, 5, 7);
  }
  _tile_stored(0, out, 64);
  _tile_release();
}
#endif

/**
 * args: kind (0 fp32 multiply-add, 1 int8 four-way dot, 2 AMX int8 tile product where this
 * process has AMX), iterations, out (keeps results live; 1 KB for kind 2).
 */
static void k_peak(uint8_t *base, const double *a) {
  const int kind = (int)a[0];
  const long iters = (long)a[1];
  float *out = PTR(float, a[2]);
#if SS_AMX
  if (kind == 2 && amx_enabled()) {
    amx_peak(iters, out);
    return;
  }
#endif
  if (kind == 0) {
    vf c[12];
    for (int j = 0; j < 12; j++) c[j] = splat(0.001f * (float)j);
    const vf x = splat(0.999f), y = splat(1e-6f);
    for (long i = 0; i < iters; i++)
#pragma GCC unroll 12
      for (int j = 0; j < 12; j++) c[j] = c[j] * x + y;
    vf s = c[0];
    for (int j = 1; j < 12; j++) s += c[j];
    st(out, s);
    return;
  }
  vi c[12];
  for (int j = 0; j < 12; j++) c[j] = splati(j);
  const vi x = splati(0x01020304), y = splati(0x01010101);
  for (long i = 0; i < iters; i++)
#pragma GCC unroll 12
    for (int j = 0; j < 12; j++) c[j] = dpbusd(c[j], x, y);
  vi s = c[0];
  for (int j = 1; j < 12; j++) s += c[j];
  sti(out, s);
}
