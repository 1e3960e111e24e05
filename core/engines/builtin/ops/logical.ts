import type { DType } from '../../../model/graph';
import { isFloat, narrower, type NumArray } from '../values';
import type { OpFactory } from './op-types';
import { attrInt, broadcastShapes, forEachBroadcast, need, nums, OpError } from './op-util';

/** Comparisons and logical ops (bool results) and Mod, all with numpy broadcasting. */

type Cmp = (a: number, b: number) => boolean;

const COMPARE: Record<string, Cmp> = {
  Less: (a, b) => a < b,
  Greater: (a, b) => a > b,
  LessOrEqual: (a, b) => a <= b,
  GreaterOrEqual: (a, b) => a >= b,
  And: (a, b) => a !== 0 && b !== 0,
  Or: (a, b) => a !== 0 || b !== 0,
  Xor: (a, b) => (a !== 0) !== (b !== 0),
};

const LOGICAL = new Set(['And', 'Or', 'Xor']);

function compare(op: string): OpFactory {
  const fn = COMPARE[op]!;
  return () => ({
    run(rt, [x, y]) {
      const a = need(x, 'A'),
        b = need(y, 'B');
      if (a.dtype !== b.dtype)
        throw new OpError(`${op} needs inputs of one type, got ${a.dtype} and ${b.dtype}`);
      if (LOGICAL.has(op) && a.dtype !== 'bool')
        throw new OpError(`${op} takes bool inputs, got ${a.dtype}`);
      const dims = broadcastShapes([a.dims, b.dims]);
      const out = rt.alloc('bool', dims);
      const A = nums(a),
        B = nums(b),
        O = out.data as NumArray;
      forEachBroadcast(dims, [a.dims, b.dims], (o, i, j) => {
        O[o] = fn(A[i]!, B[j]!) ? 1 : 0;
      });
      return [out];
    },
  });
}

/**
 * Mod: fmod = 0 gives the remainder with the divisor's sign (Python's %, integers only),
 * fmod = 1 the one with the dividend's sign (C fmod). A zero divisor gives 0 for integers.
 */
const mod: OpFactory = (env) => {
  const fmod = attrInt(env.node, 'fmod', 0) === 1;
  return {
    run(rt, [x, y]) {
      const a = need(x, 'A'),
        b = need(y, 'B');
      if (a.dtype !== b.dtype)
        throw new OpError(`Mod needs inputs of one type, got ${a.dtype} and ${b.dtype}`);
      const dtype: DType = a.dtype;
      if (isFloat(dtype) && !fmod) throw new OpError('Mod on floats needs fmod=1');
      const dims = broadcastShapes([a.dims, b.dims]);
      const out = rt.alloc(dtype, dims);
      const A = nums(a),
        B = nums(b),
        O = out.data as NumArray;
      const fix = narrower(dtype);
      const float = isFloat(dtype);
      forEachBroadcast(dims, [a.dims, b.dims], (o, i, j) => {
        const p = A[i]!,
          q = B[j]!;
        let r: number;
        if (float) r = p % q;
        else if (q === 0) r = 0;
        else {
          r = p % q;
          if (!fmod && r !== 0 && r < 0 !== q < 0) r += q;
        }
        O[o] = fix ? fix(r) : r;
      });
      return [out];
    },
  };
};

export const LOGICAL_OPS: Record<string, OpFactory> = {
  ...Object.fromEntries(Object.keys(COMPARE).map((op) => [op, compare(op)])),
  Mod: mod,
};
