import type { WeightStats } from '../api/graph-view';
import type { Tensor } from './graph';
import { elementCount, tensorByteLength, tensorToArray } from './tensor';
import { zeroFraction } from './zero-fraction';

export { zeroFraction };
/** The wire type lives in core/api, so the Graph area's sidebar can show it. */
export type { WeightStats };

/**
 * Statistics over every element, computed on demand (one pass, no copy for aligned data).
 * For quantized tensors pass the zero point: values equal to it encode 0 and count as zero.
 * NaNs are left out of min/max/mean/std but do not count as zero.
 */
export function weightStats(t: Tensor, zeroPoint = 0): WeightStats {
  const elements = elementCount(t.dims);
  const base = {
    dtype: t.dtype,
    shape: [...t.dims],
    elements,
    bytes: t.dtype === 'string' ? 0 : tensorByteLength(t.dtype, elements),
  };
  if (t.dtype === 'string' || elements === 0) {
    return { ...base, sparsity: 0, min: null, max: null, mean: null, std: null };
  }
  const data = tensorToArray(t);
  let acc: Acc;
  if (data instanceof Float32Array) acc = scanFloat32(data, zeroPoint);
  else if (data instanceof BigInt64Array || data instanceof BigUint64Array)
    acc = scan(Float64Array.from(data, Number), zeroPoint);
  else if (Array.isArray(data)) acc = scan([], zeroPoint);
  else acc = scan(data, zeroPoint);
  const { zeros, count, min, max, shift, sum, sumSq } = acc;
  const meanShifted = count ? sum / count : 0;
  const variance = count ? Math.max(0, sumSq / count - meanShifted * meanShifted) : 0;
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return {
    ...base,
    sparsity: zeros / data.length,
    min: count ? finite(min) : null,
    max: count ? finite(max) : null,
    mean: count ? finite(meanShifted + (Number.isNaN(shift) ? 0 : shift)) : null,
    std: count ? finite(Math.sqrt(variance)) : null,
  };
}

interface Acc {
  zeros: number;
  count: number;
  min: number;
  max: number;
  shift: number;
  sum: number;
  sumSq: number;
}

// The scans keep every accumulator in a local: captured or polymorphic variables make V8's
// hot loop ~50× slower, which matters at 100 M+ weights per model.

/** Sums are taken around a shift (the first finite value) to keep the variance accurate. */
function scanFloat32(data: Float32Array, zeroPoint: number): Acc {
  let zeros = 0;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  let shift = NaN;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    zeros += +(v === zeroPoint); // branch-free: pruned weights make this unpredictable
    if (v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    if (shift !== shift) shift = Number.isFinite(v) ? v : 0;
    const d = v - shift;
    sum += d;
    sumSq += d * d;
    count++;
  }
  return { zeros, count, min, max, shift, sum, sumSq };
}

function scan(data: ArrayLike<number>, zeroPoint: number): Acc {
  let zeros = 0;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  let shift = NaN;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    zeros += +(v === zeroPoint); // branch-free: pruned weights make this unpredictable
    if (v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    if (shift !== shift) shift = Number.isFinite(v) ? v : 0;
    const d = v - shift;
    sum += d;
    sumSq += d * d;
    count++;
  }
  return { zeros, count, min, max, shift, sum, sumSq };
}
