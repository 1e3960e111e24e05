import type { DType } from '../../../model/graph';
import { dtypeFromOnnx } from '../../../model/tensor';
import type { Runtime } from '../runtime';
import { isFloat, narrower, SUPPORTED_DTYPES, type NumArray, type Value } from '../values';
import type { OpFactory, PrepareEnv } from './op-types';
import {
  attrInt,
  attrString,
  broadcastShapes,
  forEachBroadcast,
  need,
  nums,
  OpError,
  sameDims,
} from './op-util';

type BinFn = (a: number, b: number) => number;

const WASM_OP: Record<string, number> = { Add: 0, Sub: 1, Mul: 2, Div: 3 };

function intDiv(a: number, b: number): number {
  // Integer Div truncates (C semantics, as ORT); division by zero has no defined result.
  return b === 0 ? 0 : Math.trunc(a / b);
}

function binaryFn(op: string, dtype: DType): BinFn {
  const int = !isFloat(dtype);
  switch (op) {
    case 'Add':
      return (a, b) => a + b;
    case 'Sub':
      return (a, b) => a - b;
    case 'Mul':
      return (a, b) => a * b;
    case 'Div':
      return int ? intDiv : (a, b) => a / b;
    case 'Pow':
      return int ? (a, b) => Math.trunc(Math.pow(a, b)) : Math.pow;
    case 'Equal':
      return (a, b) => (a === b ? 1 : 0);
    default:
      throw new OpError(`not a binary op: ${op}`);
  }
}

/**
 * The float32 cases worth a SIMD kernel: equal shapes, or one side a suffix-shaped row
 * broadcast over the other (bias add, per-channel scale). Returns false when not applicable.
 */
function wasmBinary(rt: Runtime, op: number, a: Value, b: Value, out: Value): boolean {
  const na = (a.data as NumArray).length;
  const nb = (b.data as NumArray).length;
  // [1, 1, 1, 64] broadcasting over [1, 4, 64, 64] is still a row broadcast: ignore leading 1s.
  const isSuffix = (small: number[], big: number[]): boolean => {
    let i = 0;
    while (i < small.length && small[i] === 1) i++;
    const rest = small.slice(i);
    return (
      rest.length <= big.length && rest.every((d, j) => d === big[big.length - rest.length + j])
    );
  };
  if (na === 0 || nb === 0) return false;
  if (nb === 1 && sameDims(a.dims, out.dims)) {
    rt.k.binaryScalar(rt.ptr(a), (b.data as Float32Array)[0]!, out.ptr, na, op, 0);
    return true;
  }
  if (na === 1 && sameDims(b.dims, out.dims)) {
    rt.k.binaryScalar(rt.ptr(b), (a.data as Float32Array)[0]!, out.ptr, nb, op, 1);
    return true;
  }
  if (sameDims(a.dims, b.dims)) {
    rt.k.binaryRows(rt.ptr(a), rt.ptr(b), out.ptr, 1, na, 0, op, 0);
    return true;
  }
  if (sameDims(a.dims, out.dims) && isSuffix(b.dims, a.dims) && nb > 1) {
    rt.k.binaryRows(rt.ptr(a), rt.ptr(b), out.ptr, na / nb, nb, 0, op, 0);
    return true;
  }
  if (sameDims(b.dims, out.dims) && isSuffix(a.dims, b.dims) && na > 1) {
    rt.k.binaryRows(rt.ptr(b), rt.ptr(a), out.ptr, nb / na, na, 0, op, 1);
    return true;
  }
  return false;
}

function binary(op: string): OpFactory {
  return () => ({
    run(rt, [x, y]) {
      const a = need(x, 'A');
      const b = need(y, 'B');
      if (op !== 'Pow' && a.dtype !== b.dtype)
        throw new OpError(`${op} needs equal input types, got ${a.dtype} and ${b.dtype}`);
      const dims = broadcastShapes([a.dims, b.dims]);
      const outType: DType = op === 'Equal' ? 'bool' : a.dtype;
      const out = rt.alloc(outType, dims);
      if (a.dtype === 'float32' && op in WASM_OP && wasmBinary(rt, WASM_OP[op]!, a, b, out))
        return [out];
      const fn = binaryFn(op, a.dtype);
      const fix = narrower(outType);
      const A = nums(a),
        B = nums(b),
        O = out.data as NumArray;
      if (sameDims(a.dims, b.dims)) {
        for (let i = 0; i < O.length; i++) O[i] = fn(A[i]!, B[i]!);
      } else if (B.length === 1) {
        const s = B[0]!;
        for (let i = 0; i < O.length; i++) O[i] = fn(A[i]!, s);
      } else {
        forEachBroadcast(dims, [a.dims, b.dims], (o, i, j) => {
          O[o] = fn(A[i]!, B[j]!);
        });
      }
      if (fix) for (let i = 0; i < O.length; i++) O[i] = fix(O[i]!);
      return [out];
    },
  });
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

const UNARY: Record<string, (x: number) => number> = {
  Sqrt: Math.sqrt,
  Tanh: Math.tanh,
  Relu: (x) => (x > 0 ? x : 0),
  Sigmoid: sigmoid,
  Exp: Math.exp,
  Neg: (x) => -x,
  Reciprocal: (x) => 1 / x,
  Not: (x) => (x ? 0 : 1),
};

function unary(op: string): OpFactory {
  const fn = UNARY[op]!;
  return () => ({
    run(rt, [x]) {
      const a = need(x, 'X');
      if (op === 'Not' ? a.dtype !== 'bool' : op !== 'Neg' && op !== 'Relu' && !isFloat(a.dtype)) {
        throw new OpError(`${op} does not accept ${a.dtype}`);
      }
      const out = rt.alloc(a.dtype, a.dims);
      const A = nums(a),
        O = out.data as NumArray;
      for (let i = 0; i < O.length; i++) O[i] = fn(A[i]!);
      const fix = narrower(a.dtype);
      if (fix) for (let i = 0; i < O.length; i++) O[i] = fix(O[i]!);
      return [out];
    },
  });
}

const erf: OpFactory = () => ({
  run(rt, [x]) {
    const a = need(x, 'X');
    if (a.dtype !== 'float32') throw new OpError(`Erf: float32 expected, got ${a.dtype}`);
    const out = rt.alloc('float32', a.dims);
    rt.k.erfArray(rt.ptr(a), out.ptr, (a.data as NumArray).length);
    return [out];
  },
});

const gelu: OpFactory = (env: PrepareEnv) => {
  const approximate = attrString(env.node, 'approximate', 'none');
  if (approximate !== 'none' && approximate !== 'tanh')
    throw new OpError(`Gelu: approximate="${approximate}" (expected none or tanh)`);
  return {
    run(rt, [x]) {
      const a = need(x, 'X');
      if (a.dtype !== 'float32') throw new OpError(`Gelu: float32 expected, got ${a.dtype}`);
      const out = rt.alloc('float32', a.dims);
      rt.tier.gelu(rt, rt.ptr(a), out.ptr, (a.data as NumArray).length, approximate === 'tanh');
      return [out];
    },
  };
};

const where: OpFactory = () => ({
  run(rt, [c, x, y]) {
    const cond = need(c, 'condition'),
      a = need(x, 'X'),
      b = need(y, 'Y');
    if (a.dtype !== b.dtype)
      throw new OpError(`Where needs X and Y of one type, got ${a.dtype} and ${b.dtype}`);
    const dims = broadcastShapes([cond.dims, a.dims, b.dims]);
    const out = rt.alloc(a.dtype, dims);
    if (Array.isArray(out.data)) {
      const O = out.data,
        C = nums(cond),
        A = a.data as string[],
        B = b.data as string[];
      forEachBroadcast(dims, [cond.dims, a.dims, b.dims], (o, i, j, k) => {
        O[o] = C[i] ? A[j]! : B[k]!;
      });
      return [out];
    }
    const O = out.data,
      C = nums(cond),
      A = nums(a),
      B = nums(b);
    forEachBroadcast(dims, [cond.dims, a.dims, b.dims], (o, i, j, k) => {
      O[o] = C[i] ? A[j]! : B[k]!;
    });
    return [out];
  },
});

/** float32 → string as numpy prints it (shortest round-trip digits), which the ONNX tests use. */
function floatToString(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'INF';
  if (x === -Infinity) return '-INF';
  const f = Math.fround(x);
  for (let p = 1; p <= 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return String(Number(s));
  }
  return String(f);
}

function stringToNumber(s: string): number {
  const t = s.trim().toLowerCase();
  if (t === 'nan') return NaN;
  if (t === 'inf' || t === '+inf' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  return Number(t);
}

const cast: OpFactory = (env) => {
  const to = dtypeFromOnnx(attrInt(env.node, 'to', 0));
  if (!to || !SUPPORTED_DTYPES.has(to))
    throw new OpError(`Cast to type ${to ?? attrInt(env.node, 'to', 0)} is not supported`);
  return {
    run(rt, [x]) {
      const a = need(x, 'input');
      const out = rt.alloc(to, a.dims);
      if (to === 'string') {
        const O = out.data as string[];
        if (Array.isArray(a.data)) a.data.forEach((s, i) => (O[i] = s));
        else {
          const A = a.data;
          for (let i = 0; i < A.length; i++)
            O[i] = isFloat(a.dtype) ? floatToString(A[i]!) : String(A[i]);
        }
        return [out];
      }
      const O = out.data as NumArray;
      const fix = narrower(to);
      const wide = to === 'int64' || to === 'uint64';
      if (!Array.isArray(a.data) && (!fix || (wide && !isFloat(a.dtype)))) {
        // A typed-array copy converts natively: float targets round, integer targets
        // truncate toward zero and wrap (NaN → 0) — the loop below, without its cost.
        O.set(a.data as never);
        return [out];
      }
      const src: ArrayLike<number> = Array.isArray(a.data) ? a.data.map(stringToNumber) : a.data;
      for (let i = 0; i < O.length; i++) {
        const v = src[i]!;
        O[i] = fix ? fix(v) : isFloat(to) ? v : Number.isFinite(v) ? Math.trunc(v) : 0;
      }
      return [out];
    },
  };
};

export const ELEMENTWISE_OPS: Record<string, OpFactory> = {
  Add: binary('Add'),
  Sub: binary('Sub'),
  Mul: binary('Mul'),
  Div: binary('Div'),
  Pow: binary('Pow'),
  Equal: binary('Equal'),
  Sqrt: unary('Sqrt'),
  Tanh: unary('Tanh'),
  Relu: unary('Relu'),
  Sigmoid: unary('Sigmoid'),
  Exp: unary('Exp'),
  Neg: unary('Neg'),
  Reciprocal: unary('Reciprocal'),
  Not: unary('Not'),
  Erf: erf,
  Gelu: gelu,
  Where: where,
  Cast: cast,
};
