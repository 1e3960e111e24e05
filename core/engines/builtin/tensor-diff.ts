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
  /** The element with the largest |a − b| (float outputs with a difference), else null. */
  worst?: { index: number[]; actual: number; expected: number } | null;
  /** Set when the output failed on cosine (Judge `cosine`): the bound it fell below. */
  cosineBelow?: number;
  ok: boolean;
}

export interface Tolerance {
  rtol: number;
  atol: number;
}

/**
 * How a float output is judged: `element` — every |a − b| ≤ atol + rtol·|b| (the ONNX backend
 * tests' rule, for verify); `tensor` — max|a − b| ≤ atol + rtol·max|b|, so tiny elements do
 * not fail on relative error (compare's rule); `cosine` — cosine similarity ≥ minCosine, for
 * INT8 models where one quantization step may differ. Other types are always exact.
 */
export type Judge =
  { kind: 'element' } | { kind: 'tensor' } | { kind: 'cosine'; minCosine: number };

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
  judge: Judge = { kind: 'element' },
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
    ne = 0,
    maxExpected = 0,
    worstAt = -1;
  let cosineBelow: number | undefined;
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
    if (abs > maxAbs) {
      maxAbs = abs;
      worstAt = i;
    }
    if (abs > 0 && rel > maxRel) maxRel = rel;
    maxExpected = Math.max(maxExpected, Math.abs(y));
    if (!floats) {
      if (abs !== 0) mismatches++;
    } else if (judge.kind === 'element' && abs > tol.atol + tol.rtol * Math.abs(y)) mismatches++;
  }
  const cosine = na === 0 && ne === 0 ? 1 : dot / Math.sqrt(na * ne);
  if (floats && judge.kind !== 'element') {
    // Non-finite disagreements counted above; the rest judged on the whole tensor.
    const bound = tol.atol + tol.rtol * maxExpected;
    if (judge.kind === 'tensor') {
      for (let i = 0; i < e.length; i++) if (Math.abs(a[i]! - e[i]!) > bound) mismatches++;
    } else if (!(cosine >= judge.minCosine)) cosineBelow = judge.minCosine;
  }
  const worst =
    floats && worstAt >= 0
      ? { index: unravel(worstAt, expected.dims), actual: a[worstAt]!, expected: e[worstAt]! }
      : null;
  return {
    ...base,
    problem: null,
    maxAbs,
    maxRel,
    cosine,
    mismatches,
    worst,
    ...(cosineBelow === undefined ? {} : { cosineBelow }),
    ok: mismatches === 0 && cosineBelow === undefined,
  };
}

function unravel(flat: number, dims: readonly number[]): number[] {
  const index = new Array<number>(dims.length).fill(0);
  for (let i = dims.length - 1; i >= 0; i--) {
    index[i] = flat % dims[i]!;
    flat = Math.floor(flat / dims[i]!);
  }
  return index;
}

export function formatDiff(d: OutputDiff): string {
  if (d.problem) return `${d.name}: MISMATCH (${d.problem})`;
  const g = (x: number): string => (Number.isNaN(x) ? 'n/a' : x.toExponential(2));
  return (
    `${d.name} ${d.dtype}[${d.dims.join(',')}]: max abs ${g(d.maxAbs)}, max rel ${g(d.maxRel)}, cosine ${d.cosine.toFixed(6)}` +
    (d.ok
      ? ' — ok'
      : d.cosineBelow !== undefined && !d.mismatches
        ? ` — MISMATCH (cosine below ${d.cosineBelow})`
        : ` — MISMATCH (${d.mismatches} element${d.mismatches === 1 ? '' : 's'} beyond tolerance)`) +
    (d.worst
      ? `; worst [${d.worst.index.join(',')}]: ${d.worst.actual.toPrecision(6)} vs ${d.worst.expected.toPrecision(6)}`
      : '')
  );
}
