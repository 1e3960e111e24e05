import { isFloat, narrower, type NumArray } from '../values';
import type { OpFactory, PrepareEnv } from './op-types';
import { attrFloat, need, nums, OpError } from './op-util';
import { roundEven } from './quantize';

/** Element-wise maths beyond elementwise.ts: rounding, Abs, Log, activations and Clip. */

type Unary = (x: number) => number;

interface UnaryDef {
  /** Built per node (activations read their attributes). */
  make(env: PrepareEnv): Unary;
  /** Integer inputs allowed (Abs, the rounding family is float-only in ONNX). */
  ints?: boolean;
}

const DEFS: Record<string, UnaryDef> = {
  Abs: { make: () => Math.abs, ints: true },
  Log: { make: () => Math.log },
  Floor: { make: () => Math.floor },
  Ceil: { make: () => Math.ceil },
  Round: { make: () => roundEven },
  // log(1 + eˣ) without overflow for large x.
  Softplus: { make: () => (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))) },
  HardSigmoid: {
    make: (env) => {
      const alpha = attrFloat(env.node, 'alpha', 0.2),
        beta = attrFloat(env.node, 'beta', 0.5);
      return (x) => Math.max(0, Math.min(1, alpha * x + beta));
    },
  },
  LeakyRelu: {
    make: (env) => {
      const alpha = attrFloat(env.node, 'alpha', 0.01);
      return (x) => (x >= 0 ? x : alpha * x);
    },
  },
};

function unary(op: string): OpFactory {
  const def = DEFS[op]!;
  return (env) => {
    const fn = def.make(env);
    return {
      run(rt, [x]) {
        const a = need(x, 'X');
        if (Array.isArray(a.data) || a.dtype === 'bool' || (!def.ints && !isFloat(a.dtype)))
          throw new OpError(`${op} does not accept ${a.dtype}`);
        const out = rt.alloc(a.dtype, a.dims);
        const A = nums(a),
          O = out.data as NumArray;
        const fix = narrower(a.dtype);
        for (let i = 0; i < O.length; i++) O[i] = fix ? fix(fn(A[i]!)) : fn(A[i]!);
        return [out];
      },
    };
  };
}

/** Clip: bounds as attributes before opset 11, as optional scalar inputs from 11. */
const clip: OpFactory = (env) => {
  const legacy = env.opset < 11;
  const attrMin = attrFloat(env.node, 'min', -Infinity),
    attrMax = attrFloat(env.node, 'max', Infinity);
  return {
    run(rt, [x, lo, hi]) {
      const a = need(x, 'input');
      if (Array.isArray(a.data) || a.dtype === 'bool')
        throw new OpError(`Clip does not accept ${a.dtype}`);
      const bound = (v: typeof lo, dflt: number): number => {
        if (!v) return dflt;
        const n = nums(v);
        if (n.length !== 1) throw new OpError('Clip: min and max must be scalars');
        return n[0]!;
      };
      const mn = legacy ? attrMin : bound(lo, -Infinity);
      const mx = legacy ? attrMax : bound(hi, Infinity);
      const out = rt.alloc(a.dtype, a.dims);
      const A = nums(a),
        O = out.data as NumArray;
      for (let i = 0; i < O.length; i++) {
        const v = A[i]!;
        O[i] = v < mn ? mn : v > mx ? mx : v;
      }
      return [out];
    },
  };
};

export const UNARY_MATH_OPS: Record<string, OpFactory> = {
  ...Object.fromEntries(Object.keys(DEFS).map((op) => [op, unary(op)])),
  Clip: clip,
};
