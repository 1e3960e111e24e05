// Vector transcendental functions for the row kernels: exp and erf on four lanes at once.
// Accuracy targets the float32 outputs ONNX tests and ORT comparisons check (≈1e-7).

/**
 * c + a·b. In the relaxed-SIMD build this is f32x4.relaxed_madd, which V8 lowers to one FMA
 * where the CPU has it (fused, so the last bit may differ from the baseline build's separate
 * multiply and add — the relaxed tier is held to the same tolerances, not to bit equality).
 */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** e^x: x = n·ln2 + r with |r| ≤ ln2/2, degree-6 Taylor for e^r, 2^n built in the exponent bits. */
@inline export function expV(x: v128): v128 {
  const lo = f32x4.splat(-87.33);
  const under = f32x4.lt(x, lo);
  const xc = f32x4.max(f32x4.min(x, f32x4.splat(88.7)), lo);
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(1.4426950408889634)));
  // ln2 split in two so n·ln2 stays exact for |n| ≤ 128.
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(0.693145751953125)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(1.428606765330187e-6)));
  let p = f32x4.splat(1.0 / 720.0);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 120.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 24.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 6.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(0.5));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  // Below the float range e^x is 0 (softmax masks rely on exp(-10000) being exactly 0).
  return v128.andnot(f32x4.mul(p, scale), under);
}

/**
 * erf: odd Taylor polynomial for |x| < 0.5 (keeps relative accuracy near 0), else the
 * Abramowitz–Stegun 7.1.26 form 1 − t·P(t)·e^{−x²} (absolute error < 2e-7).
 */
@inline export function erfV(x: v128): v128 {
  const small = erfSmallV(x);
  return v128.bitselect(small, erfLargeV(x), f32x4.lt(f32x4.abs(x), f32x4.splat(0.5)));
}

/** The Taylor branch alone: accurate (relative 1e-8) for |x| < 0.5 only. */
@inline function erfSmallV(x: v128): v128 {
  const x2 = f32x4.mul(x, x);
  // 2/√π · (x − x³/3 + x⁵/10 − x⁷/42 + x⁹/216 − x¹¹/1320)
  let s = f32x4.splat(-1.0 / 1320.0);
  s = f32x4.add(f32x4.mul(s, x2), f32x4.splat(1.0 / 216.0));
  s = f32x4.add(f32x4.mul(s, x2), f32x4.splat(-1.0 / 42.0));
  s = f32x4.add(f32x4.mul(s, x2), f32x4.splat(1.0 / 10.0));
  s = f32x4.add(f32x4.mul(s, x2), f32x4.splat(-1.0 / 3.0));
  s = f32x4.add(f32x4.mul(s, x2), f32x4.splat(1.0));
  return f32x4.mul(f32x4.mul(s, x), f32x4.splat(1.1283791670955126));
}

/**
 * The Abramowitz–Stegun branch alone: absolute error below 2e-7 everywhere, which is all
 * GELU needs (x·(1 + erf)/2 turns an absolute erf error into a smaller absolute one).
 */
@inline export function erfLargeV(x: v128): v128 {
  const ax = f32x4.abs(x);
  const x2 = f32x4.mul(x, x);
  const t = f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), f32x4.mul(ax, f32x4.splat(0.3275911))));
  let q = f32x4.splat(1.061405429);
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(-1.453152027));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(1.421413741));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(-0.284496736));
  q = f32x4.add(f32x4.mul(q, t), f32x4.splat(0.254829592));
  const big = f32x4.sub(f32x4.splat(1.0), f32x4.mul(f32x4.mul(q, t), expV(f32x4.neg(x2))));
  // Give it the sign of x.
  return v128.or(big, v128.and(x, f32x4.splat(-0.0)));
}
