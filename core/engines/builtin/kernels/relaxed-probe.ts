import { madd } from './simd-math';

// Checks, once per process, that the relaxed-SIMD instructions the relaxed build relies on
// compute what it expects on this engine: results go to out[0..7] as int32/float32 lanes.
// (Node 20's V8 returns twice the dot product and drops the accumulator for
// i32x4.relaxed_dot_i8x16_i7x16_add_s, which is why the kernels never use that form.)

/** Writes madd(2, 3, 4) = 10, the i16 pair dots of (-3 · 100) = -600, and the dot-add result. */
export function relaxedProbe(out: usize): i32 {
  if (!ASC_FEATURE_RELAXED_SIMD) return 0;
  const m = f32x4.relaxed_madd(f32x4.splat(2), f32x4.splat(3), f32x4.splat(4));
  store<f32>(out, f32x4.extract_lane(m, 0));
  const a = i8x16.splat(-3);
  const b = i8x16.splat(100);
  store<i32>(out, <i32>i16x8.extract_lane_s(i16x8.relaxed_dot_i8x16_i7x16_s(a, b), 0), 4);
  const acc = i32x4.relaxed_dot_i8x16_i7x16_add_s(a, b, i32x4.splat(7));
  store<i32>(out, i32x4.extract_lane(acc, 0), 8);
  return 1;
}

/**
 * Peak throughput probe for the micro-benchmarks: `iters` rounds of 12 independent chains
 * (enough to cover the multiply-add latency) of the operation the fp32 kernels use (kind 0)
 * or of the int16 dot product the int8 kernels use (kind 1); the sum goes to out so nothing
 * is optimised away.
 */
export function peak(kind: i32, iters: i32, out: usize): void {
  if (kind == 0) {
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0.1), c2 = f32x4.splat(0.2), c3 = f32x4.splat(0.3);
    let c4 = f32x4.splat(0.4), c5 = f32x4.splat(0.5), c6 = f32x4.splat(0.6), c7 = f32x4.splat(0.7);
    let c8 = f32x4.splat(0.8), c9 = f32x4.splat(0.9), c10 = f32x4.splat(1.0), c11 = f32x4.splat(1.1);
    const x = f32x4.splat(0.999), y = f32x4.splat(1e-6);
    for (let i = 0; i < iters; i++) {
      c0 = madd(c0, x, y); c1 = madd(c1, x, y); c2 = madd(c2, x, y); c3 = madd(c3, x, y);
      c4 = madd(c4, x, y); c5 = madd(c5, x, y); c6 = madd(c6, x, y); c7 = madd(c7, x, y);
      c8 = madd(c8, x, y); c9 = madd(c9, x, y); c10 = madd(c10, x, y); c11 = madd(c11, x, y);
    }
    const s0 = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7)));
    v128.store(out, f32x4.add(s0, f32x4.add(f32x4.add(c8, c9), f32x4.add(c10, c11))));
    return;
  }
  let d0 = i32x4.splat(0), d1 = i32x4.splat(1), d2 = i32x4.splat(2), d3 = i32x4.splat(3);
  let d4 = i32x4.splat(4), d5 = i32x4.splat(5), d6 = i32x4.splat(6), d7 = i32x4.splat(7);
  let d8 = i32x4.splat(8), d9 = i32x4.splat(9), d10 = i32x4.splat(10), d11 = i32x4.splat(11);
  const a = i16x8.splat(3), b = i16x8.splat(-2);
  for (let i = 0; i < iters; i++) {
    d0 = i32x4.add(d0, i32x4.dot_i16x8_s(a, b)); d1 = i32x4.add(d1, i32x4.dot_i16x8_s(a, b));
    d2 = i32x4.add(d2, i32x4.dot_i16x8_s(a, b)); d3 = i32x4.add(d3, i32x4.dot_i16x8_s(a, b));
    d4 = i32x4.add(d4, i32x4.dot_i16x8_s(a, b)); d5 = i32x4.add(d5, i32x4.dot_i16x8_s(a, b));
    d6 = i32x4.add(d6, i32x4.dot_i16x8_s(a, b)); d7 = i32x4.add(d7, i32x4.dot_i16x8_s(a, b));
    d8 = i32x4.add(d8, i32x4.dot_i16x8_s(a, b)); d9 = i32x4.add(d9, i32x4.dot_i16x8_s(a, b));
    d10 = i32x4.add(d10, i32x4.dot_i16x8_s(a, b)); d11 = i32x4.add(d11, i32x4.dot_i16x8_s(a, b));
  }
  const s0 = i32x4.add(i32x4.add(i32x4.add(d0, d1), i32x4.add(d2, d3)), i32x4.add(i32x4.add(d4, d5), i32x4.add(d6, d7)));
  v128.store(out, i32x4.add(s0, i32x4.add(i32x4.add(d8, d9), i32x4.add(d10, d11))));
}
