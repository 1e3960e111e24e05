import type { Runtime } from '../../runtime';
import { heapValue, numel, type Value } from '../../values';
import { matmulShape, forEachBatch } from '../matmul-shape';
import type { OpFactory, Prepared } from '../op-types';
import { attrFloat, attrInt, need, nums, OpError } from '../op-util';
import { matmulOp, permute } from '../product-util';
import { QUANTIZE_OPS } from '../quantize';
import { packInt8Weight, runInt8, scalarOf } from './int8-weight';

/**
 * com.microsoft FusedMatMul, MatMulIntegerToFloat and DynamicQuantizeMatMul (ORT's operator
 * docs). With a constant weight each becomes the builtin's own packed product — the fp32
 * MatMul op, or the int8 kernels the QDQ MatMul uses — so an ORT-optimized graph runs the
 * same kernels, dense or sparse, as the graph it came from.
 */

/** The last two axes of v swapped (a copy). */
function swapLast(rt: Runtime, v: Value): Value {
  const r = v.dims.length;
  if (r < 2) throw new OpError('FusedMatMul: a transposed operand needs rank 2 or more');
  return permute(
    rt,
    v,
    [...v.dims.keys()].map((i) => (i === r - 2 ? r - 1 : i === r - 1 ? r - 2 : i)),
  );
}

/** Y = alpha · A' · B' (A' = Aᵀ when transA, B' = Bᵀ when transB, on the last two axes). */
const fusedMatMul: OpFactory = (env): Prepared => {
  const alpha = attrFloat(env.node, 'alpha', 1);
  const transA = attrInt(env.node, 'transA', 0) === 1;
  const transB = attrInt(env.node, 'transB', 0) === 1;
  if (attrInt(env.node, 'transBatchA', 0) || attrInt(env.node, 'transBatchB', 0))
    throw new OpError('FusedMatMul: transBatchA/transBatchB (training graphs) are not supported');
  const [aName, bName] = env.node.inputs as [string, string];
  const w = env.constant(bName);
  if (w && w.dtype === 'float32' && w.dims.length === 2 && !transA) {
    // alpha and transB folded into the weight once; then it is a MatMul like any other.
    const [r0, r1] = w.dims as [number, number];
    const W = nums(w);
    const [K, N] = transB ? [r1, r0] : [r0, r1];
    const folded = new Float32Array(K * N);
    for (let k = 0; k < K; k++)
      for (let n = 0; n < N; n++) folded[k * N + n] = alpha * W[transB ? n * r1 + k : k * N + n]!;
    const mm = matmulOp(env, [aName, bName], heapValue('float32', [K, N], folded));
    return { kernel: mm.kernel, reads: [aName], run: (rt, [a]) => mm.run(rt, [a]) };
  }
  const mm = matmulOp(env, ['', '']);
  return {
    kernel: mm.kernel,
    run(rt, [x, y]) {
      let a = need(x, 'A'),
        b = need(y, 'B');
      if (transA) a = swapLast(rt, a);
      if (transB) b = swapLast(rt, b);
      const [out] = mm.run(rt, [a, b]);
      if (transA) rt.drop(a);
      if (transB) rt.drop(b);
      if (alpha !== 1) {
        const n = numel(out!.dims);
        if (n) rt.k.binaryScalar(out!.ptr, alpha, out!.ptr, n, 2, 0);
      }
      return [out!];
    },
  };
};

/** a_scale·b_scale[n]·Σ(a − za)(b − zb[n]) + bias for run-time integer operands (no kernel: rare). */
function integerReference(rt: Runtime, [x, y, sa, sb, za, zb, bias]: (Value | undefined)[]): Value {
  const a = need(x, 'A'),
    b = need(y, 'B');
  const s = matmulShape(a.dims, b.dims, 'MatMulIntegerToFloat');
  const A = nums(a),
    B = nums(b),
    Zb = zb ? nums(zb) : undefined,
    Sb = nums(need(sb, 'b_scale'));
  const zaN = scalarOf(za, 'a_zero_point'),
    saN = scalarOf(need(sa, 'a_scale'), 'a_scale');
  const Bias = bias ? nums(bias) : undefined;
  const out = rt.alloc('float32', s.outDims);
  const O = out.data as Float32Array;
  forEachBatch(s, (ao, bo, oo) => {
    for (let m = 0; m < s.M; m++)
      for (let n = 0; n < s.N; n++) {
        const zbn = Zb ? Zb[Zb.length === 1 ? 0 : n]! : 0;
        let acc = 0;
        for (let k = 0; k < s.K; k++)
          acc += (A[ao + m * s.K + k]! - zaN) * (B[bo + k * s.N + n]! - zbn);
        O[oo + m * s.N + n] = acc * saN * Sb[Sb.length === 1 ? 0 : n]! + (Bias ? Bias[n]! : 0);
      }
  });
  return out;
}

/** MatMulIntegerToFloat(A, B, a_scale, b_scale, a_zero_point?, b_zero_point?, bias?). */
const matMulIntegerToFloat: OpFactory = (env): Prepared => {
  const [aName, bName, saName, sbName, zaName = '', zbName = '', biasName = ''] = env.node
    .inputs as string[];
  const wq = env.constant(bName!),
    sb = env.constant(sbName!),
    zb = zbName ? env.constant(zbName) : undefined,
    bias = biasName ? env.constant(biasName) : undefined;
  if (wq && sb && (!zbName || zb) && (!biasName || bias) && wq.dims.length === 2) {
    const w = packInt8Weight(env, wq, sb, zb, bias, 'MatMulIntegerToFloat');
    return {
      kernel: w.packed.kernel,
      reads: [aName!, saName!, zaName],
      run: (rt, [x, sa, za]) => [
        runInt8(
          rt,
          w,
          need(x, 'A'),
          scalarOf(need(sa, 'a_scale'), 'a_scale'),
          scalarOf(za, 'a_zero_point'),
        ),
      ],
    };
  }
  return { run: (rt, inputs) => [integerReference(rt, inputs)] };
};

/**
 * DynamicQuantizeMatMul(A, B, b_scale, b_zero_point?, bias?): A quantized to uint8 per call
 * (DynamicQuantizeLinear's scale and zero point), then the int8 product.
 */
const dynamicQuantizeMatMul: OpFactory = (env): Prepared => {
  const [aName, bName, sbName, zbName = '', biasName = ''] = env.node.inputs as string[];
  const wq = env.constant(bName!),
    sb = env.constant(sbName!),
    zb = zbName ? env.constant(zbName) : undefined,
    bias = biasName ? env.constant(biasName) : undefined;
  if (!wq || !sb || (zbName && !zb) || (biasName && !bias))
    throw new OpError('DynamicQuantizeMatMul: B, b_scale, b_zero_point and bias must be constants');
  const w = packInt8Weight(
    env,
    wq,
    sb,
    zb,
    bias,
    'DynamicQuantizeMatMul (uint8 activation quantized per run)',
  );
  const quantize = QUANTIZE_OPS.DynamicQuantizeLinear!(env);
  return {
    kernel: w.packed.kernel,
    reads: [aName!],
    run(rt, [x]) {
      const a = need(x, 'A');
      const [q, s, z] = quantize.run(rt, [a]) as [Value, Value, Value];
      const out = runInt8(rt, w, q, nums(s)[0]!, nums(z)[0]!);
      rt.drop(q);
      rt.drop(s);
      rt.drop(z);
      return [out];
    },
  };
};

export const CONTRIB_MATMUL_OPS: Record<string, OpFactory> = {
  FusedMatMul: fusedMatMul,
  MatMulIntegerToFloat: matMulIntegerToFloat,
  DynamicQuantizeMatMul: dynamicQuantizeMatMul,
};
