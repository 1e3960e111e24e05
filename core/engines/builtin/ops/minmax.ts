import { isFloat, narrower, type NumArray, type Value } from '../values';
import type { OpFactory } from './op-types';
import { broadcastShapes, forEachBroadcast, nums, OpError, sameDims } from './op-util';

/**
 * The variadic element-wise ops Min, Max, Sum and Mean: any number of inputs of one type,
 * broadcast together (numpy rules), folded left to right in float64.
 */
type Fold = (acc: number, x: number) => number;

const FOLDS: Record<string, Fold> = {
  // NaN wins, as numpy's maximum/minimum (and ORT) give it.
  Max: (a, x) => (x > a || Number.isNaN(x) ? x : a),
  Min: (a, x) => (x < a || Number.isNaN(x) ? x : a),
  Sum: (a, x) => a + x,
  Mean: (a, x) => a + x,
};

function variadic(op: string): OpFactory {
  const fold = FOLDS[op]!;
  return () => ({
    run(rt, inputs) {
      const parts = inputs.filter((v): v is Value => v !== undefined);
      const first = parts[0];
      if (!first) throw new OpError(`${op}: no inputs`);
      for (const p of parts)
        if (p.dtype !== first.dtype)
          throw new OpError(`${op} needs inputs of one type, got ${first.dtype} and ${p.dtype}`);
      if ((op === 'Sum' || op === 'Mean') && !isFloat(first.dtype))
        throw new OpError(`${op} does not accept ${first.dtype}`);
      const dims = broadcastShapes(parts.map((p) => p.dims));
      const out = rt.alloc(first.dtype, dims);
      const O = out.data as NumArray;
      const acc = new Float64Array(O.length);
      const F = nums(first);
      forEachBroadcast(dims, [first.dims], (o, i) => {
        acc[o] = F[i]!;
      });
      for (const p of parts.slice(1)) {
        const P = nums(p);
        if (sameDims(p.dims, dims))
          for (let i = 0; i < acc.length; i++) acc[i] = fold(acc[i]!, P[i]!);
        else
          forEachBroadcast(dims, [p.dims], (o, i) => {
            acc[o] = fold(acc[o]!, P[i]!);
          });
      }
      if (op === 'Mean') for (let i = 0; i < acc.length; i++) acc[i]! /= parts.length;
      const fix = narrower(first.dtype);
      for (let i = 0; i < O.length; i++) O[i] = fix ? fix(acc[i]!) : acc[i]!;
      return [out];
    },
  });
}

export const MINMAX_OPS: Record<string, OpFactory> = {
  Min: variadic('Min'),
  Max: variadic('Max'),
  Sum: variadic('Sum'),
  Mean: variadic('Mean'),
};
