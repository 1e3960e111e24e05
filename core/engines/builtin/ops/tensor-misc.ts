import type { DType } from '../../../model/graph';
import { DTYPE_TO_ONNX } from '../../../model/tensor';
import { numel, type NumArray } from '../values';
import { ELEMENTWISE_OPS } from './elementwise';
import type { OpFactory, Prepared } from './op-types';
import { attrInt, ints, need, nums, OpError, stridesOf } from './op-util';
import { copyStrided } from './strided';

/** Dropout (inference), CastLike, Size, Tile and Trilu. */

/**
 * Dropout at inference is the identity: the output aliases the input and the mask (when
 * asked for) is all ones — bool from opset 10, the input's type before. Training mode with a
 * non-zero ratio draws random numbers, which no inference engine reproduces: refused.
 */
const dropout: OpFactory = (env) => {
  const boolMask = env.opset >= 10;
  const wantMask = (env.node.outputs[1] ?? '') !== '';
  return {
    run(rt, [x, r, t]) {
      const a = need(x, 'data');
      const training = t ? nums(t)[0] !== 0 : false;
      const ratio = r ? Number(nums(r)[0]) : 0.5;
      if (training && ratio !== 0)
        throw new OpError(
          `training-mode Dropout with ratio ${ratio} is random; the builtin engine runs Dropout for inference only`,
        );
      const out = rt.alias(a, a.dims);
      if (!wantMask) return [out];
      const mask = rt.alloc(boolMask ? 'bool' : a.dtype, a.dims);
      (mask.data as NumArray).fill(1);
      return [out, mask];
    },
  };
};

/** CastLike(input, target): Cast to target's element type, one Cast runner per target type. */
const castLike: OpFactory = (env) => {
  const runners = new Map<DType, Prepared>();
  return {
    run(rt, [x, like]) {
      const to = need(like, 'target_type').dtype;
      let p = runners.get(to);
      if (!p) {
        const node = {
          ...env.node,
          attributes: { to: { type: 'int' as const, value: DTYPE_TO_ONNX[to] } },
        };
        p = ELEMENTWISE_OPS.Cast!({ ...env, node });
        runners.set(to, p);
      }
      return p.run(rt, [need(x, 'input')]);
    },
  };
};

const size: OpFactory = () => ({
  run(rt, [x]) {
    const out = rt.alloc('int64', []);
    (out.data as Float64Array)[0] = numel(need(x, 'data').dims);
    return [out];
  },
});

/**
 * Tile: the input seen as [r0, d0, r1, d1, …] with stride 0 on every repeat axis, copied in
 * row-major order — which is the tiled tensor [r0·d0, r1·d1, …].
 */
const tile: OpFactory = () => ({
  run(rt, [x, r]) {
    const a = need(x, 'input');
    const reps = ints(need(r, 'repeats'));
    if (reps.length !== a.dims.length || reps.some((v) => v < 0))
      throw new OpError(
        `Tile: repeats [${reps.join(',')}] must have one value ≥ 0 per input dimension ([${a.dims.join(',')}])`,
      );
    const src = stridesOf(a.dims);
    const pairDims = a.dims.flatMap((d, i) => [reps[i]!, d]);
    const pairStrides = src.flatMap((s) => [0, s]);
    const out = rt.alloc(
      a.dtype,
      a.dims.map((d, i) => d * reps[i]!),
    );
    copyStrided(rt, a, rt.alias(out, pairDims), 0, pairStrides);
    return [out];
  },
});

/** Trilu: keep the upper (j − i ≥ k) or lower (j − i ≤ k) triangle of the last two axes. */
const trilu: OpFactory = (env) => {
  const upper = attrInt(env.node, 'upper', 1) === 1;
  return {
    run(rt, [x, kv]) {
      const a = need(x, 'input');
      if (a.dims.length < 2) throw new OpError('Trilu needs an input of rank 2 or more');
      if (Array.isArray(a.data)) throw new OpError(`Trilu does not accept ${a.dtype}`);
      const k = kv ? Number(nums(kv)[0]) : 0;
      const [n, m] = a.dims.slice(-2) as [number, number];
      const out = rt.alloc(a.dtype, a.dims);
      const A = nums(a),
        O = out.data as NumArray;
      const mats = numel(a.dims) / Math.max(n * m, 1);
      for (let b = 0; b < mats; b++)
        for (let i = 0; i < n; i++)
          for (let j = 0; j < m; j++) {
            const at = (b * n + i) * m + j;
            const keep = upper ? j - i >= k : j - i <= k;
            O[at] = keep ? A[at]! : 0;
          }
      return [out];
    },
  };
};

export const TENSOR_MISC_OPS: Record<string, OpFactory> = {
  Dropout: dropout,
  CastLike: castLike,
  Size: size,
  Tile: tile,
  Trilu: trilu,
};
