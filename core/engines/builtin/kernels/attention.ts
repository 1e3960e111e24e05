import { expV, madd } from './simd-math';

// Fused attention per (batch, head) unit, the same arguments as the native kernel
// (native/impl-attention.h) plus a scratch offset, since wasm kernels never allocate:
// scores = Q·Kᵀ·scale + mask, softmax over keys, context = P·V into the head's columns of
// the merged output. Only four query rows of scores exist at a time.

/** Scratch bytes one thread needs: Kᵀ (d × Tp) and four rows of scores. */
export function attentionScratch(T: i32, d: i32): i32 {
  const Tp = (T + 3) & ~3;
  return (d * Tp + 4 * Tp) * 4;
}

/** Scores of four query rows (rows past S read row 0 and are never used) against Tp keys. */
function scores(q: usize, ldq: i32, rows: i32, kt: usize, Tp: i32, d: i32, p: usize): void {
  const ld = <usize>ldq * 4;
  const q0 = q, q1 = rows > 1 ? q + ld : q, q2 = rows > 2 ? q + 2 * ld : q, q3 = rows > 3 ? q + 3 * ld : q;
  const rowBytes = <usize>Tp * 4;
  for (let j = 0; j < Tp; j += 8) {
    const two = j + 8 <= Tp;
    let a0 = f32x4.splat(0), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, e0 = a0, e1 = a0;
    let kr = kt + <usize>j * 4;
    for (let c = 0; c < d; c++) {
      const k0 = v128.load(kr);
      const k1 = two ? v128.load(kr, 16) : f32x4.splat(0);
      const o = <usize>c * 4;
      let x = f32x4.splat(load<f32>(q0 + o));
      a0 = madd(x, k0, a0);
      a1 = madd(x, k1, a1);
      x = f32x4.splat(load<f32>(q1 + o));
      b0 = madd(x, k0, b0);
      b1 = madd(x, k1, b1);
      x = f32x4.splat(load<f32>(q2 + o));
      c0 = madd(x, k0, c0);
      c1 = madd(x, k1, c1);
      x = f32x4.splat(load<f32>(q3 + o));
      e0 = madd(x, k0, e0);
      e1 = madd(x, k1, e1);
      kr += rowBytes;
    }
    const out = p + <usize>j * 4;
    v128.store(out, a0);
    v128.store(out + rowBytes, b0);
    v128.store(out + 2 * rowBytes, c0);
    v128.store(out + 3 * rowBytes, e0);
    if (two) {
      v128.store(out, a1, 16);
      v128.store(out + rowBytes, b1, 16);
      v128.store(out + 2 * rowBytes, c1, 16);
      v128.store(out + 3 * rowBytes, e1, 16);
    }
  }
}

/** One row of scores → exponentials in place (scaled, masked, max subtracted); returns 1/Σ. */
function softmaxRow(p: usize, T: i32, scale: f32, mask: usize): f32 {
  const t4 = T & ~3;
  const sv = f32x4.splat(scale);
  let mv = f32x4.splat(-Infinity);
  for (let j = 0; j < t4; j += 4) {
    const o = <usize>j * 4;
    let s = f32x4.mul(v128.load(p + o), sv);
    if (mask) s = f32x4.add(s, v128.load(mask + o));
    v128.store(p + o, s);
    mv = f32x4.max(mv, s);
  }
  let mx = max(max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
  for (let j = t4; j < T; j++) {
    const o = <usize>j * 4;
    const s = load<f32>(p + o) * scale + (mask ? load<f32>(mask + o) : 0);
    store<f32>(p + o, s);
    mx = max(mx, s);
  }
  if (mx == -Infinity) mx = 0;
  const m4 = f32x4.splat(mx);
  let acc = f32x4.splat(0);
  for (let j = 0; j < t4; j += 4) {
    const e = expV(f32x4.sub(v128.load(p + <usize>j * 4), m4));
    v128.store(p + <usize>j * 4, e);
    acc = f32x4.add(acc, e);
  }
  let sum = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (let j = t4; j < T; j++) {
    const e = f32x4.extract_lane(expV(f32x4.splat(load<f32>(p + <usize>j * 4) - mx)), 0);
    store<f32>(p + <usize>j * 4, e);
    sum += e;
  }
  return <f32>1 / sum;
}

/** Context rows (P·V)/Σ for `rows` query rows, d columns (a multiple of 4). */
function context(p: usize, Tp: i32, T: i32, v: usize, ldv: i32, d: i32, rows: i32, inv: usize, out: usize, ldo: i32): void {
  const rowBytes = <usize>Tp * 4;
  const vld = <usize>ldv * 4;
  const p1 = rows > 1 ? p + rowBytes : p, p2 = rows > 2 ? p + 2 * rowBytes : p, p3 = rows > 3 ? p + 3 * rowBytes : p;
  for (let c = 0; c < d; c += 8) {
    const two = c + 8 <= d;
    let a0 = f32x4.splat(0), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, e0 = a0, e1 = a0;
    let vr = v + <usize>c * 4;
    for (let j = 0; j < T; j++) {
      const v0 = v128.load(vr);
      const v1 = two ? v128.load(vr, 16) : f32x4.splat(0);
      const o = <usize>j * 4;
      let x = f32x4.splat(load<f32>(p + o));
      a0 = madd(x, v0, a0);
      a1 = madd(x, v1, a1);
      x = f32x4.splat(load<f32>(p1 + o));
      b0 = madd(x, v0, b0);
      b1 = madd(x, v1, b1);
      x = f32x4.splat(load<f32>(p2 + o));
      c0 = madd(x, v0, c0);
      c1 = madd(x, v1, c1);
      x = f32x4.splat(load<f32>(p3 + o));
      e0 = madd(x, v0, e0);
      e1 = madd(x, v1, e1);
      vr += vld;
    }
    const ob = <usize>ldo * 4;
    const o0 = out + <usize>c * 4;
    storeRow(o0, a0, a1, load<f32>(inv), two);
    if (rows > 1) storeRow(o0 + ob, b0, b1, load<f32>(inv, 4), two);
    if (rows > 2) storeRow(o0 + 2 * ob, c0, c1, load<f32>(inv, 8), two);
    if (rows > 3) storeRow(o0 + 3 * ob, e0, e1, load<f32>(inv, 12), two);
  }
}

@inline function storeRow(o: usize, x0: v128, x1: v128, inv: f32, two: bool): void {
  const iv = f32x4.splat(inv);
  v128.store(o, f32x4.mul(x0, iv));
  if (two) v128.store(o, f32x4.mul(x1, iv), 16);
}

/**
 * Units u = b·heads + h in [u0, u1). mask (additive, or 0) at mask[b·maskBatch + i·maskRow + j]
 * (element offsets); `scratch` holds attentionScratch(T, d) bytes for this thread, plus 16.
 */
export function attention(
  q: usize, k: usize, v: usize, out: usize, S: i32, T: i32, heads: i32, d: i32,
  ldq: i32, ldk: i32, ldv: i32, ldo: i32, scale: f32, mask: usize, maskBatch: i32, maskRow: i32,
  u0: i32, u1: i32, scratch: usize,
): void {
  const Tp = (T + 3) & ~3;
  const kt = scratch;
  const p = scratch + <usize>(d * Tp) * 4;
  const inv = p + <usize>(4 * Tp) * 4;
  for (let u = u0; u < u1; u++) {
    const b = u / heads, h = u % heads;
    const qb = q + <usize>(b * S * ldq + h * d) * 4;
    const kb = k + <usize>(b * T * ldk + h * d) * 4;
    const vb = v + <usize>(b * T * ldv + h * d) * 4;
    const ob = out + <usize>(b * S * ldo + h * d) * 4;
    for (let j = 0; j < T; j++) {
      const src = kb + <usize>(j * ldk) * 4;
      for (let c = 0; c < d; c++) store<f32>(kt + <usize>(c * Tp + j) * 4, load<f32>(src + <usize>c * 4));
    }
    for (let c = 0; c < d; c++) for (let j = T; j < Tp; j++) store<f32>(kt + <usize>(c * Tp + j) * 4, 0);
    for (let i = 0; i < S; i += 4) {
      const rows = min(4, S - i);
      scores(qb + <usize>(i * ldq) * 4, ldq, rows, kt, Tp, d, p);
      for (let r = 0; r < rows; r++) {
        const m = mask ? mask + <usize>(b * maskBatch + (i + r) * maskRow) * 4 : 0;
        store<f32>(inv + <usize>r * 4, softmaxRow(p + <usize>(r * Tp) * 4, T, scale, m));
      }
      context(p, Tp, T, vb, ldv, d, rows, inv, ob + <usize>(i * ldo) * 4, ldo);
    }
  }
}
