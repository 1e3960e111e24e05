import { numel, type NumArray, type Value } from '../values';
import type { OpFactory } from './op-types';
import { attrInt, attrInts, ints, need, normAxis, nums, OpError, stridesOf } from './op-util';
import { copyStrided } from './strided';

const gather: OpFactory = (env) => ({
  run(rt, [x, i]) {
    const data = need(x, 'data'),
      idx = need(i, 'indices');
    const axis = normAxis(attrInt(env.node, 'axis', 0), data.dims.length);
    const dims = [...data.dims.slice(0, axis), ...idx.dims, ...data.dims.slice(axis + 1)];
    const out = rt.alloc(data.dtype, dims);
    const outer = numel(data.dims.slice(0, axis));
    const inner = numel(data.dims.slice(axis + 1));
    const size = data.dims[axis]!;
    const I = nums(idx);
    const D = data.data as NumArray | string[];
    const O = out.data as NumArray | string[];
    for (let j = 0; j < I.length; j++) {
      let k = I[j]!;
      if (k < 0) k += size;
      if (k < 0 || k >= size || !Number.isInteger(k))
        throw new OpError(`Gather: index ${I[j]} out of range for axis of size ${size}`);
      for (let o = 0; o < outer; o++) {
        const src = (o * size + k) * inner;
        const dst = (o * I.length + j) * inner;
        if (Array.isArray(D))
          for (let t = 0; t < inner; t++) (O as string[])[dst + t] = D[src + t]!;
        else (O as NumArray).set(D.subarray(src, src + inner) as never, dst);
      }
    }
    return [out];
  },
});

const slice: OpFactory = (env) => ({
  run(rt, inputs) {
    const data = need(inputs[0], 'data');
    const r = data.dims.length;
    let starts: number[], ends: number[], axes: number[] | undefined, steps: number[] | undefined;
    if (env.opset < 10) {
      starts = attrInts(env.node, 'starts') ?? [];
      ends = attrInts(env.node, 'ends') ?? [];
      axes = attrInts(env.node, 'axes');
    } else {
      starts = ints(need(inputs[1], 'starts'));
      ends = ints(need(inputs[2], 'ends'));
      axes = inputs[3] ? ints(inputs[3]) : undefined;
      steps = inputs[4] ? ints(inputs[4]) : undefined;
    }
    axes ??= starts.map((_, i) => i);
    if (
      ends.length !== starts.length ||
      axes.length !== starts.length ||
      (steps && steps.length !== starts.length)
    ) {
      throw new OpError('Slice: starts, ends, axes and steps must have the same length');
    }
    const begin = new Array<number>(r).fill(0);
    const step = new Array<number>(r).fill(1);
    const dims = [...data.dims];
    const seen = new Set<number>();
    axes.forEach((a, i) => {
      const ax = normAxis(a, r);
      if (seen.has(ax)) throw new OpError(`Slice: axis ${a} repeated`);
      seen.add(ax);
      const d = data.dims[ax]!;
      const st = steps ? steps[i]! : 1;
      if (st === 0) throw new OpError('Slice: step 0');
      let s = starts[i]!,
        e = ends[i]!;
      if (s < 0) s += d;
      if (e < 0) e += d;
      if (st > 0) {
        s = Math.min(Math.max(s, 0), d);
        e = Math.min(Math.max(e, 0), d);
      } else {
        s = Math.min(Math.max(s, 0), d - 1);
        e = Math.min(Math.max(e, -1), d - 1);
      }
      begin[ax] = s;
      step[ax] = st;
      dims[ax] = Math.max(0, Math.ceil((e - s) / st));
    });
    const src = stridesOf(data.dims);
    const start = begin.reduce((acc, b, i) => acc + b * src[i]!, 0);
    const out = rt.alloc(data.dtype, dims);
    copyStrided(
      rt,
      data,
      out,
      start,
      src.map((s, i) => s * step[i]!),
    );
    return [out];
  },
});

const concat: OpFactory = (env) => ({
  run(rt, inputs) {
    const parts = inputs.filter((v): v is Value => v !== undefined);
    if (parts.length === 0) throw new OpError('Concat: no inputs');
    const first = parts[0]!;
    const r = first.dims.length;
    const axis = normAxis(attrInt(env.node, 'axis', 0), r);
    const dims = [...first.dims];
    dims[axis] = 0;
    for (const p of parts) {
      if (p.dtype !== first.dtype)
        throw new OpError(`Concat: mixed types ${first.dtype} and ${p.dtype}`);
      if (p.dims.length !== r || p.dims.some((d, i) => i !== axis && d !== first.dims[i])) {
        throw new OpError(
          `Concat: shapes [${first.dims.join(',')}] and [${p.dims.join(',')}] differ off axis ${axis}`,
        );
      }
      dims[axis]! += p.dims[axis]!;
    }
    const out = rt.alloc(first.dtype, dims);
    const outer = numel(dims.slice(0, axis));
    const inner = numel(dims.slice(axis + 1));
    const rowOut = dims[axis]! * inner;
    let offset = 0;
    for (const p of parts) {
      const row = p.dims[axis]! * inner;
      for (let o = 0; o < outer; o++) {
        if (Array.isArray(p.data))
          for (let t = 0; t < row; t++)
            (out.data as string[])[o * rowOut + offset + t] = p.data[o * row + t]!;
        else
          (out.data as NumArray).set(
            p.data.subarray(o * row, o * row + row) as never,
            o * rowOut + offset,
          );
      }
      offset += row;
    }
    return [out];
  },
});

const split: OpFactory = (env) => {
  const count = env.node.outputs.length;
  return {
    run(rt, [x, s]) {
      const data = need(x, 'input');
      const axis = normAxis(attrInt(env.node, 'axis', 0), data.dims.length);
      const d = data.dims[axis]!;
      let sizes = env.opset >= 13 ? (s ? ints(s) : undefined) : attrInts(env.node, 'split');
      if (!sizes) {
        const n = env.opset >= 18 ? attrInt(env.node, 'num_outputs', count) : count;
        const chunk = Math.ceil(d / n);
        sizes = Array.from({ length: n }, (_, i) => Math.max(0, Math.min(chunk, d - i * chunk)));
        if (env.opset < 18 && d % n !== 0)
          throw new OpError(`Split: axis of size ${d} does not split evenly into ${n}`);
      }
      if (sizes.reduce((a, b) => a + b, 0) !== d)
        throw new OpError(`Split: sizes [${sizes.join(',')}] do not add up to ${d}`);
      const src = stridesOf(data.dims);
      let at = 0;
      return sizes.map((size) => {
        const dims = [...data.dims];
        dims[axis] = size;
        const out = rt.alloc(data.dtype, dims);
        copyStrided(rt, data, out, at * src[axis]!, src);
        at += size;
        return out;
      });
    },
  };
};

const transpose: OpFactory = (env) => ({
  run(rt, [x]) {
    const data = need(x, 'data');
    const r = data.dims.length;
    const perm = attrInts(env.node, 'perm') ?? Array.from({ length: r }, (_, i) => r - 1 - i);
    if (perm.length !== r || new Set(perm).size !== r || perm.some((p) => p < 0 || p >= r)) {
      throw new OpError(`Transpose: perm [${perm.join(',')}] is not a permutation of rank ${r}`);
    }
    const src = stridesOf(data.dims);
    const out = rt.alloc(
      data.dtype,
      perm.map((p) => data.dims[p]!),
    );
    copyStrided(
      rt,
      data,
      out,
      0,
      perm.map((p) => src[p]!),
    );
    return [out];
  },
});

export const DATA_MOVEMENT_OPS: Record<string, OpFactory> = {
  Gather: gather,
  Slice: slice,
  Concat: concat,
  Split: split,
  Transpose: transpose,
};
