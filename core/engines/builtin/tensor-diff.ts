import type { DType } from '../../model/graph';
import { bfloat16ToFloat32, float16ToFloat32 } from '../../model/small-floats';
import type { HostTensor } from '../engine';

/** How one output compares with its reference. */
export interface OutputDiff {
  name: string;
  dtype: DType;
  dims: number[];
  /** Set when the outputs cannot be compared element by element (shape or type differ). */
  problem: string | null;
  maxAbs: number;
  maxRel: number;
  /** Cosine similarity of the flattened tensors (1 when both are all zeros). */
  cosine: number;
  /** Elements outside tolerance (for integers, bool and strings: not exactly equal). */
  mismatches: number;
  ok: boolean;
}

export interface Tolerance {
  rtol: number;
  atol: number;
}

const FLOATS = new Set<DType>(['float32', 'float64', 'float16', 'bfloat16']);

/** Elements as numbers (float16/bfloat16 bits decoded, int64 via Number). */
export function hostNumbers(t: HostTensor): Float64Array | string[] {
  const d = t.data;
  if (Array.isArray(d)) return d;
  if (d instanceof Uint16Array && (t.dtype === 'float16' || t.dtype === 'bfloat16')) {
    const conv = t.dtype === 'float16' ? float16ToFloat32 : bfloat16ToFloat32;
    return Float64Array.from(d, conv);
  }
  if (d instanceof BigInt64Array || d instanceof BigUint64Array)
    return Float64Array.from(d as BigInt64Array, (x) => Number(x));
  return Float64Array.from(d as ArrayLike<number>);
}

/**
 * Compare an output with the expected tensor: floats within atol + rtol·|expected| (NaN
 * equals NaN, infinities must match), everything else exactly.
 */
export function diffOutputs(
  name: string,
  actual: HostTensor,
  expected: HostTensor,
  tol: Tolerance,
): OutputDiff {
  const base = { name, dtype: expected.dtype, dims: [...expected.dims] };
  const fail = (problem: string): OutputDiff => ({
    ...base,
    problem,
    maxAbs: NaN,
    maxRel: NaN,
    cosine: NaN,
    mismatches: NaN,
    ok: false,
  });
  if (
    actual.dims.length !== expected.dims.length ||
    actual.dims.some((d, i) => d !== expected.dims[i])
  ) {
    return fail(`shape [${actual.dims.join(',')}], expected [${expected.dims.join(',')}]`);
  }
  const floats = FLOATS.has(expected.dtype);
  if (actual.dtype !== expected.dtype && !(floats && FLOATS.has(actual.dtype))) {
    return fail(`type ${actual.dtype}, expected ${expected.dtype}`);
  }
  const a = hostNumbers(actual),
    e = hostNumbers(expected);
  let maxAbs = 0,
    maxRel = 0,
    mismatches = 0,
    dot = 0,
    na = 0,
    ne = 0;
  if (Array.isArray(a) || Array.isArray(e)) {
    for (let i = 0; i < e.length; i++) if (String(a[i]) !== String(e[i])) mismatches++;
    return {
      ...base,
      problem: null,
      maxAbs: mismatches ? NaN : 0,
      maxRel: mismatches ? NaN : 0,
      cosine: mismatches ? 0 : 1,
      mismatches,
      ok: mismatches === 0,
    };
  }
  for (let i = 0; i < e.length; i++) {
    const x = a[i]!,
      y = e[i]!;
    dot += x * y;
    na += x * x;
    ne += y * y;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (!(Number.isNaN(x) && Number.isNaN(y))) mismatches++;
      continue;
    }
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      if (x !== y) mismatches++;
      continue;
    }
    const abs = Math.abs(x - y);
    const rel = abs / Math.max(Math.abs(y), Number.MIN_VALUE);
    if (abs > maxAbs) maxAbs = abs;
    if (abs > 0 && rel > maxRel) maxRel = rel;
    if (floats ? abs > tol.atol + tol.rtol * Math.abs(y) : abs !== 0) mismatches++;
  }
  const cosine = na === 0 && ne === 0 ? 1 : dot / Math.sqrt(na * ne);
  return { ...base, problem: null, maxAbs, maxRel, cosine, mismatches, ok: mismatches === 0 };
}

export function formatDiff(d: OutputDiff): string {
  if (d.problem) return `${d.name}: MISMATCH (${d.problem})`;
  const g = (x: number): string => (Number.isNaN(x) ? 'n/a' : x.toExponential(2));
  return (
    `${d.name} ${d.dtype}[${d.dims.join(',')}]: max abs ${g(d.maxAbs)}, max rel ${g(d.maxRel)}, cosine ${d.cosine.toFixed(6)}` +
    (d.ok
      ? ' — ok'
      : ` — MISMATCH (${d.mismatches} element${d.mismatches === 1 ? '' : 's'} beyond tolerance)`)
  );
}
