// Activation quantization: y = saturate(round_half_even(x / scale) + zp), 16 values per
// step. The saturating narrows (i32 → i16 → i8/u8) are exactly ONNX's saturation.

/** Elements [i0, i1) of n (i0 a multiple of 16, so threads split it on whole vectors). */
export function quantizeF32(
  src: usize,
  dst: usize,
  n: i32,
  scale: f32,
  zp: i32,
  signed: i32,
  i0: i32,
  i1: i32,
): void {
  const sv = f32x4.splat(scale);
  const zv = i32x4.splat(zp);
  const end = min(n, i1);
  const n16 = i0 + ((end - i0) & ~15);
  for (let i = i0; i < n16; i += 16) {
    const p = src + <usize>i * 4;
    const q0 = i32x4.add(i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.div(v128.load(p), sv))), zv);
    const q1 = i32x4.add(
      i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.div(v128.load(p, 16), sv))),
      zv,
    );
    const q2 = i32x4.add(
      i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.div(v128.load(p, 32), sv))),
      zv,
    );
    const q3 = i32x4.add(
      i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.div(v128.load(p, 48), sv))),
      zv,
    );
    const h0 = i16x8.narrow_i32x4_s(q0, q1);
    const h1 = i16x8.narrow_i32x4_s(q2, q3);
    v128.store(
      dst + <usize>i,
      signed ? i8x16.narrow_i16x8_s(h0, h1) : i8x16.narrow_i16x8_u(h0, h1),
    );
  }
  const lo: i32 = signed ? -128 : 0;
  const hi: i32 = signed ? 127 : 255;
  for (let i = n16; i < end; i++) {
    const q = <f32>nearest<f32>(load<f32>(src + <usize>i * 4) / scale);
    // Clamp in float first: out-of-range floats must not wrap when converted.
    const v = <i32>min<f32>(max<f32>(q, -1e6), 1e6) + zp;
    store<u8>(dst + <usize>i, <u8>(v < lo ? lo : v > hi ? hi : v));
  }
}

/** Min and max of n floats into out[0], out[1] (DynamicQuantizeLinear's range). */
export function minMaxF32(src: usize, n: i32, out: usize): void {
  let lo = f32x4.splat(Infinity);
  let hi = f32x4.splat(-Infinity);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const v = v128.load(src + <usize>i * 4);
    lo = f32x4.pmin(v, lo);
    hi = f32x4.pmax(v, hi);
  }
  let a = min(
    min(f32x4.extract_lane(lo, 0), f32x4.extract_lane(lo, 1)),
    min(f32x4.extract_lane(lo, 2), f32x4.extract_lane(lo, 3)),
  );
  let b = max(
    max(f32x4.extract_lane(hi, 0), f32x4.extract_lane(hi, 1)),
    max(f32x4.extract_lane(hi, 2), f32x4.extract_lane(hi, 3)),
  );
  for (let i = n4; i < n; i++) {
    const v = load<f32>(src + <usize>i * 4);
    a = min(a, v);
    b = max(b, v);
  }
  store<f32>(out, a);
  store<f32>(out, b, 4);
}
