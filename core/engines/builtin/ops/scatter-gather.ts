import { numel, type NumArray } from '../values';
import type { OpFactory } from './op-types';
import { attrInt, attrString, need, normAxis, nums, OpError, stridesOf } from './op-util';

/** GatherElements and ScatterND (index tensors as int32/int64, negative indices counted from the end). */

function index(raw: number, size: number, op: string): number {
  const k = raw < 0 ? raw + size : raw;
  if (k < 0 || k >= size || !Number.isInteger(k))
    throw new OpError(`${op}: index ${raw} out of range for an axis of size ${size}`);
  return k;
}

/** out[i0…ir] = data[i0…, indices[i0…ir], …ir] (the index replaces the axis coordinate). */
const gatherElements: OpFactory = (env) => ({
  run(rt, [x, i]) {
    const data = need(x, 'data'),
      idx = need(i, 'indices');
    if (Array.isArray(data.data)) throw new OpError('GatherElements does not accept strings');
    const r = data.dims.length;
    if (idx.dims.length !== r)
      throw new OpError('GatherElements: data and indices must have the same rank');
    const axis = normAxis(attrInt(env.node, 'axis', 0), r);
    const out = rt.alloc(data.dtype, idx.dims);
    const I = nums(idx);
    const D = nums(data),
      O = out.data as NumArray;
    const ds = stridesOf(data.dims);
    const coord = new Array<number>(r).fill(0);
    for (let o = 0; o < I.length; o++) {
      let src = 0;
      for (let k = 0; k < r; k++)
        src += (k === axis ? index(I[o]!, data.dims[axis]!, 'GatherElements') : coord[k]!) * ds[k]!;
      O[o] = D[src]!;
      for (let k = r - 1; k >= 0; k--) {
        if (++coord[k]! < idx.dims[k]!) break;
        coord[k] = 0;
      }
    }
    return [out];
  },
});

const REDUCE: Record<string, (a: number, b: number) => number> = {
  none: (_a, b) => b,
  add: (a, b) => a + b,
  mul: (a, b) => a * b,
  max: (a, b) => Math.max(a, b),
  min: (a, b) => Math.min(a, b),
};

/** ScatterND: a copy of data with the slices indices[…] replaced by (or reduced with) updates. */
const scatterND: OpFactory = (env) => {
  const mode = attrString(env.node, 'reduction', 'none');
  const fn = REDUCE[mode];
  if (!fn) throw new OpError(`ScatterND: reduction "${mode}" is not supported`);
  return {
    run(rt, [x, i, u]) {
      const data = need(x, 'data'),
        idx = need(i, 'indices'),
        upd = need(u, 'updates');
      if (Array.isArray(data.data)) throw new OpError('ScatterND does not accept strings');
      const k = idx.dims[idx.dims.length - 1] ?? 0;
      if (k > data.dims.length) throw new OpError('ScatterND: index tuples longer than data rank');
      const slice = numel(data.dims.slice(k));
      const tuples = numel(idx.dims.slice(0, -1));
      if (numel(upd.dims) !== tuples * slice)
        throw new OpError(
          `ScatterND: updates [${upd.dims.join(',')}] do not match indices [${idx.dims.join(',')}] and data [${data.dims.join(',')}]`,
        );
      const out = rt.alloc(data.dtype, data.dims);
      const O = out.data as NumArray;
      O.set(data.data as never);
      const I = nums(idx),
        U = nums(upd);
      const ds = stridesOf(data.dims);
      for (let t = 0; t < tuples; t++) {
        let base = 0;
        for (let j = 0; j < k; j++)
          base += index(I[t * k + j]!, data.dims[j]!, 'ScatterND') * ds[j]!;
        for (let e = 0; e < slice; e++) O[base + e] = fn(O[base + e]!, U[t * slice + e]!);
      }
      return [out];
    },
  };
};

export const SCATTER_GATHER_OPS: Record<string, OpFactory> = {
  GatherElements: gatherElements,
  ScatterND: scatterND,
};
