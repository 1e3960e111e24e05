import type { DType } from '../../../model/graph';
import type { Runtime } from '../runtime';
import { isFloat, narrower, numel, type NumArray, type Value } from '../values';
import type { OpFactory, PrepareEnv } from './op-types';
import { attrInt, attrInts, ints, need, normAxis, nums, OpError } from './op-util';

/**
 * Reductions over a set of axes (ReduceSum … ReduceLogSumExp) and ArgMax/ArgMin. ReduceMean
 * lives with the normalisations. Sums accumulate in float64 whatever the element type.
 */

interface Reducer {
  /** The accumulator's start (the result over an empty set for sums and products). */
  init: number;
  step(acc: number, x: number): number;
  finish?(acc: number): number;
  floatOnly?: boolean;
}

const REDUCERS: Record<string, Reducer> = {
  ReduceSum: { init: 0, step: (a, x) => a + x },
  ReduceProd: { init: 1, step: (a, x) => a * x },
  ReduceMax: { init: -Infinity, step: (a, x) => (x > a || Number.isNaN(x) ? x : a) },
  ReduceMin: { init: Infinity, step: (a, x) => (x < a || Number.isNaN(x) ? x : a) },
  ReduceSumSquare: { init: 0, step: (a, x) => a + x * x },
  ReduceL1: { init: 0, step: (a, x) => a + Math.abs(x) },
  ReduceL2: { init: 0, step: (a, x) => a + x * x, finish: Math.sqrt },
  ReduceLogSum: { init: 0, step: (a, x) => a + x, finish: Math.log, floatOnly: true },
};

/** The opset from which each reduction takes its axes as an input rather than an attribute. */
const AXES_INPUT_SINCE: Record<string, number> = { ReduceSum: 13 };

/** Where each input element lands in the reduced output. */
interface Reduction {
  outDims: number[];
  keptDims: number[];
  /** For input dim k: the output stride it maps to (0 on reduced axes). */
  outStrides: number[];
}

function reduction(dims: number[], axes: Set<number>, keepdims: boolean): Reduction {
  const r = dims.length;
  const keptDims = dims.map((d, i) => (axes.has(i) ? 1 : d));
  const outStrides = new Array<number>(r).fill(0);
  let s = 1;
  for (let i = r - 1; i >= 0; i--) {
    outStrides[i] = axes.has(i) ? 0 : s;
    s *= keptDims[i]!;
  }
  return {
    keptDims,
    outDims: keepdims ? keptDims : dims.filter((_, i) => !axes.has(i)),
    outStrides,
  };
}

/** Visit every element with its output index (row-major, the last axis in a tight loop). */
function forEachReduced(
  dims: number[],
  outStrides: number[],
  fn: (i: number, o: number) => void,
): void {
  const total = numel(dims);
  if (total === 0) return;
  const r = dims.length;
  if (r === 0) {
    fn(0, 0);
    return;
  }
  const last = dims[r - 1]!;
  const ls = outStrides[r - 1]!;
  const idx = new Array<number>(r).fill(0);
  let base = 0;
  for (let i = 0; i < total; i += last) {
    for (let j = 0; j < last; j++) fn(i + j, base + j * ls);
    for (let k = r - 2; k >= 0; k--) {
      idx[k]!++;
      base += outStrides[k]!;
      if (idx[k]! < dims[k]!) break;
      base -= outStrides[k]! * dims[k]!;
      idx[k] = 0;
    }
  }
}

/** The axes a reduction node names: attribute before `since`, optional input from it. */
function axesOf(env: PrepareEnv, input: Value | undefined, since: number): number[] | undefined {
  if (env.opset >= since) return input ? ints(input) : undefined;
  return attrInts(env.node, 'axes');
}

function copyOf(rt: Runtime, a: Value): Value {
  const out = rt.alloc(a.dtype, a.dims);
  (out.data as NumArray).set(nums(a) as never);
  return out;
}

function reduceOp(op: string): OpFactory {
  return (env) => {
    const keepdims = attrInt(env.node, 'keepdims', 1) === 1;
    const noopEmpty = attrInt(env.node, 'noop_with_empty_axes', 0) === 1;
    const since = AXES_INPUT_SINCE[op] ?? 18;
    return {
      run(rt, [x, ax]) {
        const a = need(x, 'data');
        if (Array.isArray(a.data)) throw new OpError(`${op} does not accept ${a.dtype}`);
        const given = axesOf(env, ax, since);
        if ((!given || given.length === 0) && noopEmpty) return [copyOf(rt, a)];
        const r = a.dims.length;
        const axes = new Set(
          (given && given.length ? given : a.dims.map((_, i) => i)).map((v) => normAxis(v, r)),
        );
        const red = reduction(a.dims, axes, keepdims);
        const out = rt.alloc(a.dtype, red.outDims);
        const A = nums(a);
        const O = out.data as NumArray;
        const dtype: DType = a.dtype;
        if (op === 'ReduceLogSumExp') {
          logSumExp(A, a.dims, red, O);
        } else {
          const rd = REDUCERS[op]!;
          if (rd.floatOnly && !isFloat(dtype)) throw new OpError(`${op} does not accept ${dtype}`);
          const acc = new Float64Array(O.length).fill(rd.init);
          const step = rd.step;
          forEachReduced(a.dims, red.outStrides, (i, o) => {
            acc[o] = step(acc[o]!, A[i]!);
          });
          const fin = rd.finish;
          for (let i = 0; i < O.length; i++) O[i] = fin ? fin(acc[i]!) : acc[i]!;
        }
        const fix = narrower(dtype);
        if (fix) for (let i = 0; i < O.length; i++) O[i] = fix(O[i]!);
        return [out];
      },
    };
  };
}

/** log Σ exp(x) with the maximum taken out first, so large inputs do not overflow. */
function logSumExp(A: NumArray, dims: number[], red: Reduction, O: NumArray): void {
  const mx = new Float64Array(O.length).fill(-Infinity);
  forEachReduced(dims, red.outStrides, (i, o) => {
    if (A[i]! > mx[o]!) mx[o] = A[i]!;
  });
  const sum = new Float64Array(O.length);
  forEachReduced(dims, red.outStrides, (i, o) => {
    sum[o]! += Math.exp(A[i]! - (Number.isFinite(mx[o]!) ? mx[o]! : 0));
  });
  for (let i = 0; i < O.length; i++)
    O[i] = Math.log(sum[i]!) + (Number.isFinite(mx[i]!) ? mx[i]! : 0);
}

/** ArgMax / ArgMin along one axis: int64 indices, the first (or last) extreme on ties. */
function argOp(largest: boolean): OpFactory {
  return (env) => {
    const keepdims = attrInt(env.node, 'keepdims', 1) === 1;
    const last = attrInt(env.node, 'select_last_index', 0) === 1;
    return {
      run(rt, [x]) {
        const a = need(x, 'data');
        const r = a.dims.length;
        const axis = normAxis(attrInt(env.node, 'axis', 0), Math.max(r, 1));
        const size = a.dims[axis] ?? 1;
        if (size === 0) throw new OpError('cannot take the arg-extreme of an empty axis');
        const inner = numel(a.dims.slice(axis + 1));
        const outer = numel(a.dims.slice(0, axis));
        const dims = keepdims
          ? a.dims.map((d, i) => (i === axis ? 1 : d))
          : a.dims.filter((_, i) => i !== axis);
        const out = rt.alloc('int64', dims);
        const A = nums(a),
          O = out.data as NumArray;
        const better = largest
          ? (v: number, b: number) => v > b || (last && v === b)
          : (v: number, b: number) => v < b || (last && v === b);
        for (let o = 0; o < outer; o++)
          for (let i = 0; i < inner; i++) {
            const base = o * size * inner + i;
            let best = A[base]!,
              at = 0;
            for (let k = 1; k < size; k++) {
              const v = A[base + k * inner]!;
              if (better(v, best)) {
                best = v;
                at = k;
              }
            }
            O[o * inner + i] = at;
          }
        return [out];
      },
    };
  };
}

export const REDUCE_OPS: Record<string, OpFactory> = {
  ...Object.fromEntries(Object.keys(REDUCERS).map((op) => [op, reduceOp(op)])),
  ReduceLogSumExp: reduceOp('ReduceLogSumExp'),
  ArgMax: argOp(true),
  ArgMin: argOp(false),
};
