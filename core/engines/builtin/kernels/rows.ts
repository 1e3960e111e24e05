// Row-wise and elementwise float kernels: softmax, layer norm, GELU/erf, binary ops with
// the row-broadcast case (bias adds, scale multiplies) that dominates transformer graphs.

/** Softmax over the last axis of a rows × cols matrix (max-subtracted for stability). */
export function softmaxRows(src: usize, dst: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const s = src + <usize>(r * cols) * 4;
    const d = dst + <usize>(r * cols) * 4;
    let mx: f32 = -Infinity;
    for (let c = 0; c < cols; c++) mx = max(mx, load<f32>(s + <usize>c * 4));
    if (mx == -Infinity) mx = 0; // an all -inf row: keep exp finite (gives NaN like ORT via 0/0)
    let sum: f32 = 0;
    for (let c = 0; c < cols; c++) {
      const e = Mathf.exp(load<f32>(s + <usize>c * 4) - mx);
      store<f32>(d + <usize>c * 4, e);
      sum += e;
    }
    const inv: f32 = 1 / sum;
    for (let c = 0; c < cols; c++) store<f32>(d + <usize>c * 4, load<f32>(d + <usize>c * 4) * inv);
  }
}

@inline function hsumF(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** y = (x - mean) / sqrt(var + eps) * gamma + beta per row; beta 0 = none. */
export function layerNormRows(src: usize, dst: usize, rows: i32, cols: i32, gamma: usize, beta: usize, eps: f32): void {
  const c4 = cols & ~3;
  for (let r = 0; r < rows; r++) {
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
      acc = f32x4.add(acc, f32x4.mul(x, x));
    }
    let sq = hsumF(acc);
    for (let c = c4; c < cols; c++) {
      const x = load<f32>(s + <usize>c * 4) - mean;
      sq += x * x;
    }
    const inv: f32 = 1 / Mathf.sqrt(sq / <f32>cols + eps);
    for (let c = 0; c < cols; c++) {
      let y = (load<f32>(s + <usize>c * 4) - mean) * inv * load<f32>(gamma + <usize>c * 4);
      if (beta) y += load<f32>(beta + <usize>c * 4);
      store<f32>(d + <usize>c * 4, y);
    }
  }
}

/**
 * erf in double precision: Taylor series near 0 (where 1 - erfc loses relative accuracy),
 * else the Chebyshev-fitted erfc with fractional error below 1.2e-7.
 */
export function erf64(x: f64): f64 {
  const z = Math.abs(x);
  if (z < 0.5) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 12; n++) {
      term *= -x2 / <f64>n;
      sum += term / <f64>(2 * n + 1);
    }
    return sum * 1.1283791670955126;
  }
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
      t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
      t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - erfc : erfc - 1;
}

export function erfArray(src: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f32>(dst + <usize>i * 4, <f32>erf64(<f64>load<f32>(src + <usize>i * 4)));
}

/** GELU: exact (erf) form, or the tanh approximation when `tanhForm` is set. */
export function geluArray(src: usize, dst: usize, n: i32, tanhForm: i32): void {
  for (let i = 0; i < n; i++) {
    const x = <f64>load<f32>(src + <usize>i * 4);
    const y = tanhForm
      ? 0.5 * x * (1 + Math.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))
      : 0.5 * x * (1 + erf64(x * 0.7071067811865476));
    store<f32>(dst + <usize>i * 4, <f32>y);
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
