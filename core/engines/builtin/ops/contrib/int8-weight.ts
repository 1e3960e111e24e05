import { NO_EPILOGUE } from '../../kernel-info';
import type { Runtime } from '../../runtime';
import type { PackedI8 } from '../../tiers/tier';
import { numel, type Value } from '../../values';
import { label } from '../epilogue';
import type { PrepareEnv } from '../op-types';
import { nums, OpError } from '../op-util';
import { chooseSparse, i8KernelNote } from '../weights';

/**
 * A constant int8/uint8 weight of ORT's integer contrib ops (MatMulIntegerToFloat,
 * DynamicQuantizeMatMul, QAttention), packed on the session's tier exactly as the QDQ MatMul
 * packs its weight — dense or sparse by the sparse rate — with its per-column scales and
 * bias pinned beside it, so out = a_scale · w_scale[n] · Σ(a − za)(w − zw[n]) + bias[n] comes
 * out of the kernel in float.
 */
export interface Int8Weight {
  K: number;
  N: number;
  packed: PackedI8;
  /** Offsets of the per-column float scales and the bias (0 = none) in wasm memory. */
  scales: number;
  bias: number;
}

function perColumn(v: Value | undefined, N: number, what: string, dflt: number): Float64Array {
  const out = new Float64Array(N).fill(dflt);
  if (!v) return out;
  const x = nums(v);
  if (x.length !== 1 && x.length !== N)
    throw new OpError(`${what} must have 1 or ${N} values, got ${x.length}`);
  for (let n = 0; n < N; n++) out[n] = x[x.length === 1 ? 0 : n]!;
  return out;
}

export function packInt8Weight(
  env: PrepareEnv,
  q: Value,
  scale: Value,
  zp: Value | undefined,
  bias: Value | undefined,
  what: string,
): Int8Weight {
  if (q.dims.length !== 2 || (q.dtype !== 'int8' && q.dtype !== 'uint8'))
    throw new OpError(`the weight must be a 2-D int8 or uint8 tensor, got ${q.dtype} [${q.dims}]`);
  const [K, N] = q.dims as [number, number];
  const zps = perColumn(zp, N, 'the weight zero point', 0);
  const W = nums(q);
  let zeros = 0;
  for (let i = 0; i < W.length; i++) if (W[i] === zps[i % N]) zeros++;
  const choice = chooseSparse(W.length ? zeros / W.length : 0, env.sparseRate, 'int8');
  const w = q.data as Int8Array | Uint8Array;
  const packed = env.rt.tier.packI8(env.rt, { w, K, N, transposed: false, zp: zps }, choice.sparse);
  env.note(`${label(env)}: ${i8KernelNote(choice, packed)}; ${what}, int32 accumulation`);
  const scales = env.rt.pinAlloc(N * 4);
  env.rt.f32(scales, N).set(perColumn(scale, N, 'the weight scale', 1));
  let biasAt = 0;
  if (bias) {
    if (bias.dtype !== 'float32' || numel(bias.dims) !== N)
      throw new OpError(`the bias must be float32 with ${N} values`);
    biasAt = env.rt.pinAlloc(N * 4);
    env.rt.f32(biasAt, N).set(nums(bias));
  }
  return { K, N, packed, scales, bias: biasAt };
}

/** a [..., K] (int8/uint8, scale sa, zero point za) times the weight → float32 [..., N]. */
export function runInt8(rt: Runtime, w: Int8Weight, a: Value, sa: number, za: number): Value {
  if (a.dtype !== 'int8' && a.dtype !== 'uint8')
    throw new OpError(`the quantized input must be int8 or uint8, got ${a.dtype}`);
  if (a.dims[a.dims.length - 1] !== w.K)
    throw new OpError(`input [${a.dims.join(',')}] does not match the weight [${w.K},${w.N}]`);
  const out = rt.alloc('float32', [...a.dims.slice(0, -1), w.N]);
  const M = numel(a.dims) / w.K;
  if (M === 0) return out;
  const o = { mode: 'float' as const, scale: w.scales, sa, bias: w.bias };
  w.packed.run(rt, rt.ptr(a), a.dtype === 'int8', za, M, out.ptr, o, NO_EPILOGUE);
  return out;
}

/** The single value of a per-tensor scale or zero point (0 when absent). */
export function scalarOf(v: Value | undefined, what: string, dflt = 0): number {
  if (!v) return dflt;
  const x = nums(v);
  if (x.length !== 1) throw new OpError(`${what} must be a single value, got ${x.length}`);
  return x[0]!;
}
