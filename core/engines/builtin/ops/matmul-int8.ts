import { dtypeFromOnnx } from '../../../model/tensor';
import { NO_EPILOGUE } from '../kernel-info';
import type { Runtime } from '../runtime';
import { heapValue, numel, type NumArray, type Value } from '../values';
import { forEachBatch, matmulShape } from './matmul-shape';
import type { OpFactory, PrepareEnv, Prepared } from './op-types';
import { attrInt, need, normAxis, nums, OpError } from './op-util';
import { roundEven, saturate } from './quantize';
import type { ActivationQuant, PackedI8 } from '../tiers/tier';
import { addBroadcast, epilogueFor, label } from './epilogue';
import { chooseSparse, i8KernelNote } from './weights';
import { columnZeros, countNonzeros } from '../tiers/sparse-formats';

// Integer matrix products: QDQ MatMul recognised at load, MatMulInteger, QLinearMatMul.

/** A constant int8/uint8 weight behind DequantizeLinear, per-tensor or per-output-column. */
export interface QdqWeight {
  q: Value;
  scale: Float32Array;
  zp: number[] | null;
  dequantized(): Value;
}

export function weightQdq(env: PrepareEnv, name: string): QdqWeight | undefined {
  const p = env.producer(name);
  if (!p || p.opType !== 'DequantizeLinear') return undefined;
  const q = env.constant(p.inputs[0]!);
  const s = env.constant(p.inputs[1]!);
  const z = p.inputs[2] ? env.constant(p.inputs[2]) : undefined;
  if (
    !q ||
    !s ||
    (p.inputs[2] && !z) ||
    q.dims.length !== 2 ||
    (q.dtype !== 'int8' && q.dtype !== 'uint8')
  )
    return undefined;
  const N = q.dims[1]!;
  const perColumn = numel(s.dims) > 1;
  if (perColumn && (normAxis(attrInt(p, 'axis', 1), 2) !== 1 || numel(s.dims) !== N))
    return undefined;
  const scale = Float32Array.from(nums(s));
  const zp = z ? Array.from(nums(z)) : null;
  return {
    q,
    scale,
    zp,
    dequantized() {
      const Q = nums(q);
      const out = new Float32Array(Q.length);
      for (let i = 0; i < Q.length; i++) {
        const n = i % N;
        out[i] =
          (Q[i]! - (zp ? zp[zp.length === 1 ? 0 : n]! : 0)) * scale[scale.length === 1 ? 0 : n]!;
      }
      return heapValue('float32', [...q.dims], out);
    },
  };
}

/** An activation that is DequantizeLinear(x_q, constant scalar scale, zero point). */
export interface QdqActivation {
  xName: string;
  sa: number;
  za: number;
  /** x_q = QuantizeLinear(x) per tensor, read by nothing else: the product quantizes x itself. */
  quant?: Quantizer;
}

/** A per-tensor QuantizeLinear: its float input, scale, zero point and output type. */
export interface Quantizer extends ActivationQuant {
  xName: string;
  signed: boolean;
}

/**
 * The quantizer producing `name` when a product may take its place: scalar constant scale
 * and zero point, int8/uint8 out, and only DequantizeLinear nodes reading its output — so
 * the QuantizeLinear drops out of the plan and its work moves into the product's layout
 * (done once per activation and shared by its readers, Q, K and V among them).
 */
function quantizerOf(env: PrepareEnv, name: string): Quantizer | undefined {
  const q = env.producer(name);
  if (!q || q.opType !== 'QuantizeLinear' || q.domain || attrInt(q, 'block_size', 0) > 0)
    return undefined;
  if (env.isGraphOutput(name) || env.consumers(name).some((c) => c.opType !== 'DequantizeLinear'))
    return undefined;
  const s = env.constant(q.inputs[1]!);
  const z = q.inputs[2] ? env.constant(q.inputs[2]) : undefined;
  if (!s || numel(s.dims) !== 1 || (q.inputs[2] && (!z || numel(z.dims) !== 1))) return undefined;
  const type = z ? z.dtype : (dtypeFromOnnx(attrInt(q, 'output_dtype', 0)) ?? 'uint8');
  if (type !== 'int8' && type !== 'uint8') return undefined;
  const scale = nums(s)[0]!;
  const zp = z ? nums(z)[0]! : 0;
  return { xName: q.inputs[0]!, scale, zp, signed: type === 'int8' };
}

/** QuantizeLinear of a non-float32 input (int32, float16), as the op computes it. */
function quantizeOther(rt: Runtime, x: Value, q: Quantizer): number {
  const X = nums(x);
  const dst = rt.scratch(Math.max(X.length, 1));
  const view = q.signed
    ? new Int8Array(rt.buffer, dst, X.length)
    : new Uint8Array(rt.buffer, dst, X.length);
  const type = q.signed ? 'int8' : 'uint8';
  for (let i = 0; i < X.length; i++)
    view[i] = saturate(roundEven(Math.fround(X[i]! / q.scale)) + q.zp, type);
  return dst;
}

export function activationQdq(env: PrepareEnv, name: string): QdqActivation | undefined {
  const p = env.producer(name);
  if (!p || p.opType !== 'DequantizeLinear' || env.constant(p.inputs[0]!)) return undefined;
  const s = env.constant(p.inputs[1]!);
  const z = p.inputs[2] ? env.constant(p.inputs[2]) : undefined;
  if (!s || numel(s.dims) !== 1 || (p.inputs[2] && (!z || numel(z.dims) !== 1))) return undefined;
  const quant = quantizerOf(env, p.inputs[0]!);
  return { xName: p.inputs[0]!, sa: nums(s)[0]!, za: z ? nums(z)[0]! : 0, quant };
}

function sparsityI8(q: NumArray, K: number, N: number, zp: ArrayLike<number> | null): number {
  return q.length ? 1 - countNonzeros(q, K, N, columnZeros(zp, N)) / q.length : 0;
}

function packI8Constant(
  env: PrepareEnv,
  q: Value,
  zp: ArrayLike<number> | null,
  what: string,
): PackedI8 {
  const [K, N] = q.dims as [number, number];
  const choice = chooseSparse(sparsityI8(nums(q), K, N, zp), env.sparseRate, 'int8');
  const w = q.data as Int8Array | Uint8Array;
  const p = env.rt.tier.packI8(env.rt, { w, K, N, transposed: false, zp }, choice.sparse);
  // A tier may keep a weight dense that the rate made sparse, when its sparse kernel would be
  // slower (it says why).
  env.note(`${label(env)}: ${i8KernelNote(choice, p)}${what}`);
  return p;
}

function checkI8(v: Value, what: string): void {
  if (v.dtype !== 'int8' && v.dtype !== 'uint8')
    throw new OpError(`${what} must be int8 or uint8, got ${v.dtype}`);
}

/**
 * QDQ MatMul on integers: DQ(x_q) · DQ(W_q) = sa·sw[n]·Σ(x_q − za)(W_q − zw), then the fused
 * epilogue (GELU, residual `resName`) of a FusedMatMul.
 */
export function int8MatMul(
  env: PrepareEnv,
  aq: QdqActivation,
  wq: QdqWeight,
  bias: Float32Array | null,
  gelu = false,
  resName = '',
): Prepared {
  const N = wq.q.dims[1]!;
  let biasPtr = 0;
  if (bias) {
    biasPtr = env.rt.pinAlloc(N * 4);
    env.rt.f32(biasPtr, N).set(bias);
  }
  const p = packI8Constant(env, wq.q, wq.zp, '; QDQ weight and activation, int32 accumulation');
  const scale = env.rt.pinAlloc(N * 4);
  env.rt
    .f32(scale, N)
    .set(wq.scale.length === 1 ? new Float32Array(N).fill(wq.scale[0]!) : wq.scale);
  const quant = aq.quant;
  return {
    reads: [quant ? quant.xName : aq.xName, resName],
    kernel: p.kernel,
    run(rt, [x, r]) {
      const a = need(x, quant ? 'A' : 'A (quantized)');
      if (!quant) checkI8(a, 'quantized activation');
      if (a.dims[a.dims.length - 1] !== p.K)
        throw new OpError(
          `MatMul: input [${a.dims.join(',')}] does not match weight [${p.K},${p.N}]`,
        );
      const out = rt.alloc('float32', [...a.dims.slice(0, -1), N]);
      const { epi, addLater } = epilogueFor(rt, gelu, r, out.dims);
      const o = { mode: 'float' as const, scale, sa: aq.sa, bias: biasPtr };
      const M = numel(a.dims) / p.K;
      if (!quant) p.run(rt, rt.ptr(a), a.dtype === 'int8', aq.za, M, out.ptr, o, epi);
      else if (a.dtype === 'float32')
        p.run(rt, rt.ptr(a), quant.signed, aq.za, M, out.ptr, o, epi, quant);
      else p.run(rt, quantizeOther(rt, a, quant), quant.signed, aq.za, M, out.ptr, o, epi);
      return [addLater ? addBroadcast(rt, out, addLater) : out];
    },
  };
}

function scalarZp(v: Value | undefined, what: string): number {
  if (!v) return 0;
  if (numel(v.dims) !== 1)
    throw new OpError(`${what}: only a per-tensor (scalar) zero point is supported`);
  return nums(v)[0]!;
}

/** Int8 product of two run-time operands (batched), int32 sums into out32 (element offsets). */
function runtimeI8(
  rt: Runtime,
  a: Value,
  b: Value,
  za: number,
  zb: Value | undefined,
  out32: number,
  mode: number,
  scale: number,
  sa: number,
): void {
  const s = matmulShape(a.dims, b.dims);
  const Kp = Math.ceil(Math.max(s.K, 1) / 8) * 8;
  const zps = rt.scratch(s.N * 4);
  const zv = rt.i32(zps, s.N);
  const Z = zb ? nums(zb) : undefined;
  if (Z && Z.length !== 1 && Z.length !== s.N)
    throw new OpError(`b_zero_point must have 1 or ${s.N} values`);
  for (let n = 0; n < s.N; n++) zv[n] = Z ? Z[Z.length === 1 ? 0 : n]! : 0;
  const wp = rt.scratch(s.N * Kp * 2),
    ap = rt.scratch(Math.max(s.M, 1) * Kp * 2);
  const aPtr = rt.ptr(a),
    bPtr = rt.ptr(b);
  forEachBatch(s, (ao, bo, oo) => {
    rt.k.packI8Weights(bPtr + bo, s.K, s.N, s.N, 0, b.dtype === 'int8' ? 1 : 0, zps, 1, wp, Kp);
    rt.k.prepI8Rows(aPtr + ao, s.M, s.K, a.dtype === 'int8' ? 1 : 0, za, ap, Kp);
    rt.k.matmulI8(ap, wp, Kp, s.M, 0, s.N, out32 + oo * 4, s.N, mode, scale, sa, 0);
  });
}

const matMulInteger: OpFactory = (env): Prepared => {
  const [aName, bName, azName = '', bzName = ''] = env.node.inputs;
  const w = env.constant(bName!);
  const bz = bzName ? env.constant(bzName) : undefined;
  if (w && w.dims.length === 2 && (w.dtype === 'int8' || w.dtype === 'uint8') && (!bzName || bz)) {
    const p = packI8Constant(
      env,
      w,
      bz ? Array.from(nums(bz)) : null,
      '; MatMulInteger, int32 accumulation',
    );
    return {
      reads: [aName!, '', azName],
      kernel: p.kernel,
      run(rt, [x, , az]) {
        const a = need(x, 'A');
        checkI8(a, 'A');
        if (a.dims[a.dims.length - 1] !== p.K)
          throw new OpError(
            `MatMulInteger: A [${a.dims.join(',')}] does not match B [${p.K},${p.N}]`,
          );
        const out = rt.alloc('int32', [...a.dims.slice(0, -1), p.N]);
        const za = scalarZp(az, 'a_zero_point');
        const M = numel(a.dims) / p.K;
        p.run(rt, rt.ptr(a), a.dtype === 'int8', za, M, out.ptr, { mode: 'int32' }, NO_EPILOGUE);
        return [out];
      },
    };
  }
  return {
    run(rt, [x, y, az, bzv]) {
      const a = need(x, 'A'),
        b = need(y, 'B');
      checkI8(a, 'A');
      checkI8(b, 'B');
      const out = rt.alloc('int32', matmulShape(a.dims, b.dims, 'MatMulInteger').outDims);
      runtimeI8(rt, a, b, scalarZp(az, 'a_zero_point'), bzv, out.ptr, 0, 0, 0);
      return [out];
    },
  };
};

const qlinearMatMul: OpFactory = () => ({
  run(rt, [x, xs, xz, y, ys, yz, os, oz]) {
    const a = need(x, 'a'),
      b = need(y, 'b'),
      outScale = need(os, 'y_scale'),
      outZp = need(oz, 'y_zero_point');
    checkI8(a, 'a');
    checkI8(b, 'b');
    const s = matmulShape(a.dims, b.dims, 'QLinearMatMul');
    const sa = nums(need(xs, 'a_scale'))[0]!;
    const sb = nums(need(ys, 'b_scale'));
    if (sb.length !== 1 && sb.length !== s.N)
      throw new OpError(`b_scale must have 1 or ${s.N} values`);
    const sy = nums(outScale)[0]!;
    const zy = nums(outZp)[0]!;
    // Requantization multiplier per column, in float32 as the reference computes it.
    const mult = rt.scratch(s.N * 4);
    const mv = rt.f32(mult, s.N);
    for (let n = 0; n < s.N; n++)
      mv[n] = Math.fround(Math.fround(sa * sb[sb.length === 1 ? 0 : n]!) / sy);
    const count = numel(s.outDims);
    const tmp = rt.scratch(count * 4);
    runtimeI8(rt, a, b, scalarZp(xz, 'a_zero_point'), yz, tmp, 1, mult, 1);
    const out = rt.alloc(outZp.dtype, s.outDims);
    const T = rt.f32(tmp, count),
      O = out.data as NumArray;
    for (let i = 0; i < count; i++) O[i] = saturate(roundEven(T[i]!) + zy, outZp.dtype);
    return [out];
  },
});

export const MATMUL_INT8_OPS: Record<string, OpFactory> = {
  MatMulInteger: matMulInteger,
  QLinearMatMul: qlinearMatMul,
};
