/**
 * Symmetric int8 per-channel weight quantisation (zero point 0), shared by the generator and
 * the quantize transform.
 */

export interface QuantizedWeight {
  /** Quantised values, same layout as the input. */
  q: Int8Array;
  /** One scale per channel; real value = q · scale. */
  scales: Float32Array;
}

/**
 * Quantise a row-major [rows, cols] matrix with one scale per channel along `axis`
 * (1: per column — the output channel of a MatMul weight [in, out]; 0: per row — Gemm with
 * transB). Range is [-127, 127] so the grid is symmetric around an exact zero.
 *
 * Zeros stay zero and non-zeros stay non-zero: a tiny weight that would round to 0 is kept
 * at ±1 instead. That keeps the sparsity pattern of a pruned (or dense) model exactly what it
 * was in FP32, which is what a sparse-weight benchmark is measuring; the extra error is at
 * most one step on weights that are already the smallest of their channel.
 */
export function quantizePerChannel(
  w: Float32Array,
  rows: number,
  cols: number,
  axis: 0 | 1,
): QuantizedWeight {
  if (w.length !== rows * cols)
    throw new RangeError(`weight has ${w.length} values, expected ${rows}×${cols}`);
  const channels = axis === 1 ? cols : rows;
  const absMax = new Float32Array(channels);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const a = Math.abs(w[r * cols + c]!);
      const ch = axis === 1 ? c : r;
      if (a > absMax[ch]!) absMax[ch] = a;
    }
  }
  const scales = new Float32Array(channels);
  // An all-zero channel still needs a positive scale for DequantizeLinear; its values are 0.
  for (let ch = 0; ch < channels; ch++) scales[ch] = absMax[ch]! > 0 ? absMax[ch]! / 127 : 1;
  const q = new Int8Array(w.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const v = w[i]!;
      if (v === 0 || Number.isNaN(v)) continue;
      const scale = scales[axis === 1 ? c : r]!;
      const m = Math.min(127, Math.max(1, Math.round(Math.abs(v) / scale)));
      q[i] = v < 0 ? -m : m;
    }
  }
  return { q, scales };
}
