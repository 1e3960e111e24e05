// Peak throughput probes for the micro-benchmarks (test/perf/engines): independent chains of
// the instruction each kernel family is built on, long enough to hide its latency, so
// "GFLOP/s of a kernel / this peak" says how far from the ISA's ceiling the kernel runs.

/** args: kind (0 fp32 multiply-add, 1 int8 four-way dot), iterations, out (keeps results live). */
static void k_peak(uint8_t *base, const double *a) {
  const int kind = (int)a[0];
  const long iters = (long)a[1];
  float *out = PTR(float, a[2]);
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
