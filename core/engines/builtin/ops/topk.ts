import { numel, type NumArray } from '../values';
import type { OpFactory } from './op-types';
import { attrInt, ints, need, normAxis, nums, OpError } from './op-util';

/**
 * TopK along one axis: the k largest (or smallest) values and their int64 indices, sorted;
 * equal values keep the lower index first, as the ONNX spec asks. k is an attribute before
 * opset 10 and an input from 10.
 */
const topK: OpFactory = (env) => {
  const largest = attrInt(env.node, 'largest', 1) === 1;
  return {
    run(rt, [x, kv]) {
      const a = need(x, 'X');
      if (Array.isArray(a.data)) throw new OpError(`TopK does not accept ${a.dtype}`);
      const r = a.dims.length;
      const axis = normAxis(attrInt(env.node, 'axis', -1), r);
      const k = env.opset < 10 ? attrInt(env.node, 'k', 0) : (ints(need(kv, 'K'))[0] ?? 0);
      const size = a.dims[axis]!;
      if (k < 0 || k > size)
        throw new OpError(`TopK: k = ${k} is out of range for an axis of size ${size}`);
      const dims = a.dims.map((d, i) => (i === axis ? k : d));
      const values = rt.alloc(a.dtype, dims),
        indices = rt.alloc('int64', dims);
      const inner = numel(a.dims.slice(axis + 1));
      const outer = numel(a.dims.slice(0, axis));
      const A = nums(a),
        V = values.data as NumArray,
        I = indices.data as NumArray;
      const order = new Array<number>(size);
      const col = new Float64Array(size);
      for (let o = 0; o < outer; o++)
        for (let i = 0; i < inner; i++) {
          const base = o * size * inner + i;
          for (let j = 0; j < size; j++) {
            order[j] = j;
            col[j] = A[base + j * inner]!;
          }
          order.sort((p, q) => {
            const d = largest ? col[q]! - col[p]! : col[p]! - col[q]!;
            return d !== 0 && !Number.isNaN(d) ? d : p - q;
          });
          const outBase = o * k * inner + i;
          for (let j = 0; j < k; j++) {
            V[outBase + j * inner] = col[order[j]!]!;
            I[outBase + j * inner] = order[j]!;
          }
        }
      return [values, indices];
    },
  };
};

export const TOPK_OPS: Record<string, OpFactory> = { TopK: topK };
