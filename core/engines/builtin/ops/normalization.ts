import { numel, type NumArray } from '../values';
import type { OpFactory } from './op-types';
import { attrFloat, attrInt, attrInts, ints, need, normAxis, nums, OpError } from './op-util';

/**
 * Softmax. Opset < 13 flattens to 2-D at `axis` (default 1) and normalises the whole inner
 * block; opset ≥ 13 normalises along one axis (default -1). Last-axis cases use the kernel.
 */
const softmax: OpFactory = (env) => ({
  run(rt, [x]) {
    const a = need(x, 'input');
    if (a.dtype !== 'float32') throw new OpError(`Softmax: float32 expected, got ${a.dtype}`);
    const r = a.dims.length;
    const legacy = env.opset < 13;
    const axis = normAxis(attrInt(env.node, 'axis', legacy ? 1 : -1), Math.max(r, 1));
    const out = rt.alloc('float32', a.dims);
    const n = numel(a.dims);
    if (n === 0) return [out];
    const inner = numel(a.dims.slice(axis + 1));
    if (legacy || inner === 1) {
      const cols = legacy ? numel(a.dims.slice(axis)) : a.dims[axis]!;
      rt.tier.softmax(rt, rt.ptr(a), out.ptr, n / cols, cols);
      return [out];
    }
    // Softmax over a middle axis: strided in TS (rare in transformer graphs).
    const size = a.dims[axis]!;
    const outer = n / (size * inner);
    const A = a.data as Float32Array,
      O = out.data as Float32Array;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * size * inner + i;
        let mx = -Infinity;
        for (let k = 0; k < size; k++) mx = Math.max(mx, A[base + k * inner]!);
        let sum = 0;
        for (let k = 0; k < size; k++)
          sum += O[base + k * inner] = Math.exp(A[base + k * inner]! - mx);
        for (let k = 0; k < size; k++) O[base + k * inner]! /= sum;
      }
    }
    return [out];
  },
});

/** LayerNormalization (opset 17): normalise over dims [axis…]; optional Mean/InvStdDev outputs. */
const layerNorm: OpFactory = (env) => {
  const eps = attrFloat(env.node, 'epsilon', 1e-5);
  const wantStats = env.node.outputs.length > 1 && env.node.outputs.slice(1).some((o) => o !== '');
  return {
    run(rt, [x, s, b]) {
      const a = need(x, 'X'),
        scale = need(s, 'Scale');
      if (a.dtype !== 'float32')
        throw new OpError(`LayerNormalization: float32 expected, got ${a.dtype}`);
      const r = a.dims.length;
      const axis = normAxis(attrInt(env.node, 'axis', -1), r);
      const cols = numel(a.dims.slice(axis));
      const rows = numel(a.dims) / (cols || 1);
      if (numel(scale.dims) !== cols || (b && numel(b.dims) !== cols)) {
        throw new OpError(
          `LayerNormalization: Scale/B must have ${cols} elements (normalised shape [${a.dims.slice(axis).join(',')}])`,
        );
      }
      const out = rt.alloc('float32', a.dims);
      if (rows > 0 && cols > 0)
        rt.tier.layerNorm(rt, {
          src: rt.ptr(a),
          dst: out.ptr,
          rows,
          cols,
          gamma: rt.ptr(scale),
          beta: b ? rt.ptr(b) : 0,
          eps,
        });
      if (!wantStats) return [out];
      const statDims = a.dims.map((d, i) => (i < axis ? d : 1));
      const mean = rt.alloc('float32', statDims),
        inv = rt.alloc('float32', statDims);
      const A = a.data as Float32Array,
        M = mean.data as Float32Array,
        I = inv.data as Float32Array;
      for (let row = 0; row < rows; row++) {
        let sum = 0;
        for (let c = 0; c < cols; c++) sum += A[row * cols + c]!;
        const mu = sum / cols;
        let sq = 0;
        for (let c = 0; c < cols; c++) sq += (A[row * cols + c]! - mu) ** 2;
        M[row] = mu;
        I[row] = 1 / Math.sqrt(sq / cols + eps);
      }
      return [out, mean, inv];
    },
  };
};

/** ReduceMean: axes as attribute before opset 18, as optional input from 18. */
const reduceMean: OpFactory = (env) => {
  const keepdims = attrInt(env.node, 'keepdims', 1) === 1;
  const noopEmpty = attrInt(env.node, 'noop_with_empty_axes', 0) === 1;
  return {
    run(rt, [x, ax]) {
      const a = need(x, 'data');
      const r = a.dims.length;
      const given = env.opset >= 18 ? (ax ? ints(ax) : undefined) : attrInts(env.node, 'axes');
      if ((!given || given.length === 0) && noopEmpty) {
        const out = rt.alloc(a.dtype, a.dims);
        (out.data as NumArray).set(nums(a) as never);
        return [out];
      }
      const axes = new Set(
        (given && given.length ? given : a.dims.map((_, i) => i)).map((v) => normAxis(v, r)),
      );
      const outDims = a.dims.map((d, i) => (axes.has(i) ? 1 : d));
      const out = rt.alloc(a.dtype, keepdims ? outDims : a.dims.filter((_, i) => !axes.has(i)));
      const O = out.data as NumArray;
      const acc = new Float64Array(O.length);
      const A = nums(a);
      const outStrides: number[] = [];
      let s = 1;
      for (let i = r - 1; i >= 0; i--) {
        outStrides[i] = axes.has(i) ? 0 : s;
        s *= outDims[i]!;
      }
      const idx = new Array<number>(r).fill(0);
      for (let i = 0; i < A.length; i++) {
        let o = 0;
        for (let k = 0; k < r; k++) o += idx[k]! * outStrides[k]!;
        acc[o]! += A[i]!;
        for (let k = r - 1; k >= 0; k--) {
          if (++idx[k]! < a.dims[k]!) break;
          idx[k] = 0;
        }
      }
      const count = A.length / Math.max(O.length, 1);
      for (let i = 0; i < O.length; i++) O[i] = acc[i]! / count;
      return [out];
    },
  };
};

export const NORMALIZATION_OPS: Record<string, OpFactory> = {
  Softmax: softmax,
  LayerNormalization: layerNorm,
  ReduceMean: reduceMean,
};
