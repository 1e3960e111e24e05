import { erfLargeV, erfV, expV, madd } from './simd-math';

// Row-wise and elementwise float kernels: softmax, layer norm, GELU/erf, binary ops with
// the row-broadcast case (bias adds, scale multiplies) that dominates transformer graphs.

/** Softmax over the last axis of rows [r0, r1) of a rows × cols matrix (max subtracted). */
export function softmaxRows(src: usize, dst: usize, rows: i32, cols: i32, r0: i32, r1: i32): void {
  const c4 = cols & ~3;
  const end = min(r1, rows);
  for (let r = r0; r < end; r++) {
    const s = src + <usize>(r * cols) * 4;
    const d = dst + <usize>(r * cols) * 4;
    let mv = f32x4.splat(-Infinity);
    for (let c = 0; c < c4; c += 4) mv = f32x4.max(mv, v128.load(s + <usize>c * 4));
    let mx = max(max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
    for (let c = c4; c < cols; c++) mx = max(mx, load<f32>(s + <usize>c * 4));
    if (mx == -Infinity) mx = 0; // an all -inf row: keep exp finite (0/0 gives NaN like ORT)
    const m4 = f32x4.splat(mx);
    let acc = f32x4.splat(0);
    for (let c = 0; c < c4; c += 4) {
      const e = expV(f32x4.sub(v128.load(s + <usize>c * 4), m4));
      v128.store(d + <usize>c * 4, e);
      acc = f32x4.add(acc, e);
    }
    let sum = hsumF(acc);
    for (let c = c4; c < cols; c++) {
      const e = f32x4.extract_lane(expV(f32x4.splat(load<f32>(s + <usize>c * 4) - mx)), 0);
      store<f32>(d + <usize>c * 4, e);
      sum += e;
    }
    const inv = f32x4.splat(<f32>1 / sum);
    for (let c = 0; c < c4; c += 4) v128.store(d + <usize>c * 4, f32x4.mul(v128.load(d + <usize>c * 4), inv));
    for (let c = c4; c < cols; c++) store<f32>(d + <usize>c * 4, load<f32>(d + <usize>c * 4) * f32x4.extract_lane(inv, 0));
  }
}

@inline function hsumF(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** y = (x - mean) / sqrt(var + eps) * gamma + beta for rows [r0, r1); beta 0 = none. */
export function layerNormRows(src: usize, dst: usize, rows: i32, cols: i32, gamma: usize, beta: usize, eps: f32, r0: i32, r1: i32): void {
  const c4 = cols & ~3;
  const end = min(r1, rows);
  for (let r = r0; r < end; r++) {
    const s = src + <usize>(r * cols) * 4;
    const d = dst + <usize>(r * cols) * 4;
    let acc = f32x4.splat(0);
    for (let c = 0; c < c4; c += 4) acc = f32x4.add(acc, v128.load(s + <usize>c * 4));
    let sum = hsumF(acc);
    for (let c = c4; c < cols; c++) sum += load<f32>(s + <usize>c * 4);
    const mean: f32 = sum / <f32>cols;
    const mv = f32x4.splat(mean);
    acc = f32x4.splat(0);
    for (let c = 0; c < c4; c += 4) {
      const x = f32x4.sub(v128.load(s + <usize>c * 4), mv);
      acc = madd(x, x, acc);
    }
    let sq = hsumF(acc);
    for (let c = c4; c < cols; c++) {
      const x = load<f32>(s + <usize>c * 4) - mean;
      sq += x * x;
    }
    const inv: f32 = 1 / Mathf.sqrt(sq / <f32>cols + eps);
    const iv = f32x4.splat(inv);
    for (let c = 0; c < c4; c += 4) {
      const o = <usize>c * 4;
      let y = f32x4.mul(f32x4.mul(f32x4.sub(v128.load(s + o), mv), iv), v128.load(gamma + o));
      if (beta) y = f32x4.add(y, v128.load(beta + o));
      v128.store(d + o, y);
    }
    for (let c = c4; c < cols; c++) {
      let y = (load<f32>(s + <usize>c * 4) - mean) * inv * load<f32>(gamma + <usize>c * 4);
      if (beta) y += load<f32>(beta + <usize>c * 4);
      store<f32>(d + <usize>c * 4, y);
    }
  }
}

// Elementwise maps are written out per function: AssemblyScript function references
// compile to call_indirect, which would cost more than the math itself.

/** GELU, exact form: x/2 · (1 + erf(x/√2)). */
@inline function geluLanes(x: v128): v128 {
  const e = erfLargeV(f32x4.mul(x, f32x4.splat(0.7071067811865476)));
  return f32x4.mul(f32x4.mul(x, f32x4.splat(0.5)), f32x4.add(e, f32x4.splat(1.0)));
}

/** GELU, tanh form, with tanh(u) = 1 − 2/(e^{2u} + 1). */
@inline function geluTanhLanes(x: v128): v128 {
  const u = f32x4.mul(f32x4.splat(0.7978845608028654), f32x4.add(x, f32x4.mul(f32x4.splat(0.044715), f32x4.mul(x, f32x4.mul(x, x)))));
  const e = expV(f32x4.mul(f32x4.splat(2.0), f32x4.min(u, f32x4.splat(40.0))));
  const th = f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(e, f32x4.splat(1.0))));
  return f32x4.mul(f32x4.mul(x, f32x4.splat(0.5)), f32x4.add(th, f32x4.splat(1.0)));
}

export function erfArray(src: usize, dst: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) v128.store(dst + <usize>i * 4, erfV(v128.load(src + <usize>i * 4)));
  for (let i = n4; i < n; i++) store<f32>(dst + <usize>i * 4, f32x4.extract_lane(erfV(f32x4.splat(load<f32>(src + <usize>i * 4))), 0));
}

/** GELU of elements [i0, i1): exact (erf) form, or the tanh approximation when `tanhForm` is set. */
export function geluArray(src: usize, dst: usize, n: i32, tanhForm: i32, i0: i32, i1: i32): void {
  const end = min(i1, n);
  let i = i0;
  if (tanhForm) {
    for (; i + 4 <= end; i += 4) v128.store(dst + <usize>i * 4, geluTanhLanes(v128.load(src + <usize>i * 4)));
    for (; i < end; i++) store<f32>(dst + <usize>i * 4, f32x4.extract_lane(geluTanhLanes(f32x4.splat(load<f32>(src + <usize>i * 4))), 0));
    return;
  }
  for (; i + 4 <= end; i += 4) v128.store(dst + <usize>i * 4, geluLanes(v128.load(src + <usize>i * 4)));
  for (; i < end; i++) store<f32>(dst + <usize>i * 4, f32x4.extract_lane(geluLanes(f32x4.splat(load<f32>(src + <usize>i * 4))), 0));
}

/** dst = a OP s (or s OP a when swap) for a scalar s; op codes as binaryRows. */
export function binaryScalar(a: usize, s: f32, dst: usize, n: i32, op: i32, swap: i32): void {
  const sv = f32x4.splat(s);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    let x = v128.load(a + <usize>i * 4);
    let y = sv;
    if (swap) { const t = x; x = y; y = t; }
    const z = op == 0 ? f32x4.add(x, y) : op == 1 ? f32x4.sub(x, y) : op == 2 ? f32x4.mul(x, y) : f32x4.div(x, y);
    v128.store(dst + <usize>i * 4, z);
  }
  for (let i = n4; i < n; i++) {
    let x = load<f32>(a + <usize>i * 4);
    let y = s;
    if (swap) { const t = x; x = y; y = t; }
    store<f32>(dst + <usize>i * 4, op == 0 ? x + y : op == 1 ? x - y : op == 2 ? x * y : x / y);
  }
}

/**
 * dst = a OP b where a is rows × cols and b is either one row broadcast to every row
 * (bRowStride 0) or rows × cols (bRowStride = cols). swap computes b OP a instead, for the
 * non-commutative ops. op: 0 add, 1 sub, 2 mul, 3 div.
 */
export function binaryRows(a: usize, b: usize, dst: usize, rows: i32, cols: i32, bRowStride: i32, op: i32, swap: i32): void {
  const c4 = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const ar = a + <usize>(r * cols) * 4;
    const br = b + <usize>(r * bRowStride) * 4;
    const dr = dst + <usize>(r * cols) * 4;
    for (let c = 0; c < c4; c += 4) {
      let x = v128.load(ar + <usize>c * 4);
      let y = v128.load(br + <usize>c * 4);
      if (swap) { const t = x; x = y; y = t; }
      const z = op == 0 ? f32x4.add(x, y) : op == 1 ? f32x4.sub(x, y) : op == 2 ? f32x4.mul(x, y) : f32x4.div(x, y);
      v128.store(dr + <usize>c * 4, z);
    }
    for (let c = c4; c < cols; c++) {
      let x = load<f32>(ar + <usize>c * 4);
      let y = load<f32>(br + <usize>c * 4);
      if (swap) { const t = x; x = y; y = t; }
      store<f32>(dr + <usize>c * 4, op == 0 ? x + y : op == 1 ? x - y : op == 2 ? x * y : x / y);
    }
  }
}
