import type { KernelInfo } from '../kernel-info';
import type { Runtime } from '../runtime';
import type { OutLayout, PackedF32 } from '../tiers/tier';
import { numel, type Value } from '../values';
import type { OpFactory, PrepareEnv, Prepared } from './op-types';
import { forEachBatch, matmulShape, type MatmulShape } from './matmul-shape';
import { addBroadcast, epilogueFor, label } from './epilogue';
import { attrFloat, attrInt, forEachBroadcast, need, OpError } from './op-util';
import { activationQdq, int8MatMul, weightQdq } from './matmul-int8';
import { chooseSparse, sparsityOf } from './weights';

const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/** A float MatMul where both operands arrive at run time (attention scores, node tests). */
function runtimeF32(rt: Runtime, a: Value, b: Value, s: MatmulShape, transB = false): Value {
  const out = rt.alloc('float32', s.outDims);
  if (numel(s.outDims) === 0) return out;
  if (s.K === 0) {
    (out.data as Float32Array).fill(0);
    return out;
  }
  const aPtr = rt.ptr(a),
    bPtr = rt.ptr(b);
  const packed = rt.scratch(roundUp(s.N, 8) * s.K * 4);
  if (numel(s.bBatch) === 1 && numel(s.aBatch) === numel(s.batch)) {
    // One weight matrix for every batch: a single product over all rows.
    rt.k.packB(bPtr, s.K, s.N, transB ? s.K : s.N, transB ? 1 : 0, packed);
    rt.k.matmulPacked(aPtr, s.K, packed, out.ptr, s.N, numel(s.batch) * s.M, s.K, s.N, 0, s.N, 0);
    return out;
  }
  forEachBatch(s, (ao, bo, oo) => {
    rt.k.packB(bPtr + bo * 4, s.K, s.N, transB ? s.K : s.N, transB ? 1 : 0, packed);
    rt.k.matmulPacked(aPtr + ao * 4, s.K, packed, out.ptr + oo * 4, s.N, s.M, s.K, s.N, 0, s.N, 0);
  });
  return out;
}

/** Products of two run-time operands use the wasm kernels whatever the tier. */
function runtimeKernel(env: PrepareEnv): KernelInfo {
  return { impl: 'runtime', precision: 'fp32', tier: env.rt.relaxed ? 'wasm-relaxed' : 'wasm' };
}

/** Pack a constant 2-D float weight on the session's tier, choosing dense or sparse, and note why. */
function packConstant(
  env: PrepareEnv,
  w: Float32Array,
  K: number,
  N: number,
  transposed: boolean,
  bias: Float32Array | null,
  extra = '',
): PackedF32 {
  const choice = chooseSparse(sparsityOf(w), env.sparseRate, 'fp32');
  env.note(`${label(env)}: ${choice.why}${extra}`);
  return env.rt.tier.packF32(env.rt, { w, K, N, transposed }, choice.sparse, bias);
}

function runPacked(
  rt: Runtime,
  a: Value,
  p: PackedF32,
  gelu = false,
  residual: Value | undefined = undefined,
  layout: OutLayout = 'rows',
): Value {
  const K = a.dims[a.dims.length - 1];
  if (a.dtype !== 'float32') throw new OpError(`MatMul: float32 input expected, got ${a.dtype}`);
  if (K !== p.K)
    throw new OpError(`MatMul: input [${a.dims.join(',')}] does not match weight [${p.K},${p.N}]`);
  const dims = a.dims.length === 1 ? [p.N] : [...a.dims.slice(0, -1), p.N];
  const out = rt.alloc('float32', dims);
  const { epi, addLater } = epilogueFor(rt, gelu, residual, dims);
  p.run(rt, rt.ptr(a), numel(a.dims) / p.K, out.ptr, epi, addLater ? 'rows' : layout);
  return addLater ? addBroadcast(rt, out, addLater) : out;
}

/**
 * MatMul, and the internal FusedMatMul(A, W, bias?, residual?) {gelu} that the load-time
 * fusions produce: with a constant weight, packed once on the session's tier.
 */
const matmul: OpFactory = (env): Prepared => {
  const [aName, bName, biasName = '', resName = ''] = env.node.inputs as [
    string,
    string,
    string?,
    string?,
  ];
  const gelu = attrInt(env.node, 'gelu', 0) === 1;
  const biasValue = biasName ? env.constant(biasName) : undefined;
  const bias = biasValue ? Float32Array.from(biasValue.data as Float32Array) : null;
  const wq = weightQdq(env, bName);
  if (wq) {
    const aq = activationQdq(env, aName);
    if (aq) return int8MatMul(env, aq, wq, bias, gelu, resName);
  }
  const w = env.constant(bName) ?? (wq ? wq.dequantized() : undefined);
  if (w && w.dtype === 'float32' && w.dims.length === 2) {
    const [K, N] = w.dims as [number, number];
    const p = packConstant(
      env,
      w.data as Float32Array,
      K,
      N,
      false,
      bias,
      wq ? '; int8 weight dequantized at load (activation not quantized)' : '',
    );
    if (p.colsLayout && ![bName, biasName, resName].includes(aName))
      env.rt.colsReaders.set(aName, env.node);
    const outName = env.node.outputs[0]!;
    const readers = env.consumers(outName);
    const soleReader = readers.length === 1 && !env.isGraphOutput(outName) ? readers[0] : null;
    return {
      kernel: p.kernel,
      run: (rt, [a, r]) => {
        // Known only once every node is prepared: whether the reader takes the column layout.
        const reader = p.colsLayout ? rt.colsReaders.get(outName) : undefined;
        const layout = !reader ? 'rows' : reader === soleReader ? 'cols' : 'both';
        return [runPacked(rt, need(a, 'A'), p, gelu, r, layout)];
      },
      reads: [aName, resName],
    };
  }
  env.note(`${label(env)}: dense fp32 (both operands computed at run time, packed per run)`);
  return {
    kernel: runtimeKernel(env),
    run(rt, [x, y, , r]) {
      const a = need(x, 'A'),
        b = need(y, 'B');
      if (a.dtype !== 'float32' || b.dtype !== 'float32')
        throw new OpError(`MatMul: float32 inputs expected, got ${a.dtype} and ${b.dtype}`);
      const out = runtimeF32(rt, a, b, matmulShape(a.dims, b.dims));
      if (biasValue && bias) {
        const n = bias.length;
        const rows = (out.data as Float32Array).length / n;
        rt.k.binaryRows(out.ptr, rt.ptr(biasValue), out.ptr, rows, n, 0, 0, 0);
      }
      const count = (out.data as Float32Array).length;
      if (gelu) rt.tier.gelu(rt, out.ptr, out.ptr, count, false);
      return [r ? addBroadcast(rt, out, r) : out];
    },
  };
};

/** Y = alpha · A' · B' + beta · C (A' = Aᵀ if transA, B' = Bᵀ if transB). */
const gemm: OpFactory = (env): Prepared => {
  const alpha = attrFloat(env.node, 'alpha', 1);
  const beta = attrFloat(env.node, 'beta', 1);
  const transA = attrInt(env.node, 'transA', 0) === 1;
  const transB = attrInt(env.node, 'transB', 0) === 1;
  const [aName, bName, cName = ''] = env.node.inputs;
  const w = env.constant(bName!);
  const c = cName ? env.constant(cName) : undefined;
  let packed: PackedF32 | undefined;
  let biasInKernel = false;
  if (w && w.dtype === 'float32' && w.dims.length === 2) {
    const [r0, r1] = w.dims as [number, number];
    const [K, N] = transB ? [r1, r0] : [r0, r1];
    let bias: Float32Array | null = null;
    if (
      c &&
      c.dtype === 'float32' &&
      numel(c.dims) === N &&
      (c.dims.length === 1 || (c.dims.length === 2 && c.dims[0] === 1))
    ) {
      bias = Float32Array.from(c.data as Float32Array, (v) => v * beta);
      biasInKernel = true;
    }
    const data =
      alpha === 1
        ? (w.data as Float32Array)
        : Float32Array.from(w.data as Float32Array, (v) => v * alpha);
    packed = packConstant(env, data, K, N, transB, bias);
  } else {
    env.note(`${label(env)}: dense fp32 (both operands computed at run time, packed per run)`);
  }
  const reads = packed ? [aName!, biasInKernel ? '' : cName] : [aName!, bName!, cName];
  return {
    reads,
    kernel: packed?.kernel ?? runtimeKernel(env),
    run(rt, inputs) {
      let a = need(inputs[0], 'A');
      if (a.dtype !== 'float32') throw new OpError(`Gemm: float32 expected, got ${a.dtype}`);
      if (a.dims.length !== 2) throw new OpError(`Gemm: A must be 2-D, got [${a.dims.join(',')}]`);
      if (transA) {
        const [k, m] = a.dims as [number, number];
        const t = rt.alloc('float32', [m, k]);
        const A = a.data as Float32Array,
          T = t.data as Float32Array;
        for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) T[i * k + j] = A[j * m + i]!;
        a = t;
      }
      let y: Value;
      if (packed) y = runPacked(rt, a, packed);
      else {
        const b = need(inputs[1], 'B');
        const [r0, r1] = b.dims as [number, number];
        const s = matmulShape(a.dims, transB ? [r1, r0] : [r0, r1], 'Gemm');
        y = runtimeF32(rt, a, b, s, transB);
        if (alpha !== 1) {
          const Y = y.data as Float32Array;
          for (let i = 0; i < Y.length; i++) Y[i]! *= alpha;
        }
      }
      if (transA) rt.drop(a);
      const cv = biasInKernel ? undefined : inputs[2];
      if (cv && beta !== 0) {
        const Y = y.data as Float32Array,
          C = cv.data as Float32Array;
        forEachBroadcast(y.dims, [y.dims, cv.dims], (o, _i, j) => {
          Y[o]! += beta * C[j]!;
        });
      }
      return [y];
    },
  };
};

export const MATMUL_OPS: Record<string, OpFactory> = { MatMul: matmul, Gemm: gemm };

/** The internal fused product (domain BUILTIN_DOMAIN). */
export const FUSED_MATMUL: OpFactory = matmul;
