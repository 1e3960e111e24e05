import type { DType } from '../../../model/graph';
import { dtypeFromOnnx } from '../../../model/tensor';
import { numel, type NumArray } from '../values';
import type { OpFactory, PrepareEnv } from './op-types';
import { attrInt, need, normAxis, nums, OpError } from './op-util';

const RANGE: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int32: [-(2 ** 31), 2 ** 31 - 1],
};

/** Round half to even, as ONNX quantization specifies. */
export function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
}

export function saturate(v: number, dtype: DType): number {
  const [lo, hi] = RANGE[dtype]!;
  return v < lo ? lo : v > hi ? hi : v;
}

/** Per-tensor or per-axis parameter lookup for the element at flat index i. */
function perAxis(
  p: NumArray | undefined,
  dims: number[],
  rawAxis: number,
  dflt: number,
): (i: number) => number {
  if (!p || p.length === 0) return () => dflt;
  if (p.length === 1) {
    const v = p[0]!;
    return () => v;
  }
  // The axis only matters for per-axis parameters (a scalar scale on a 1-D input is fine with axis 1).
  const axis = normAxis(rawAxis, dims.length);
  const inner = numel(dims.slice(axis + 1));
  const size = dims[axis]!;
  if (p.length !== size)
    throw new OpError(`per-axis parameter has ${p.length} values for an axis of size ${size}`);
  return (i) => p[Math.floor(i / inner) % size]!;
}

/** Opset 21 blocked quantization has no kernel here: refuse it at load, by name. */
function refuseBlocked(env: PrepareEnv): void {
  if (attrInt(env.node, 'block_size', 0) > 0)
    throw new OpError('blocked quantization (block_size > 0) is not supported');
}

const quantizeLinear: OpFactory = (env) => {
  refuseBlocked(env);
  // Opset 21 may name the output type when there is no zero point.
  const declared = dtypeFromOnnx(attrInt(env.node, 'output_dtype', 0));
  return {
    run(rt, [x, s, z]) {
      const a = need(x, 'x'),
        scale = need(s, 'y_scale');
      const outType: DType = z ? z.dtype : (declared ?? 'uint8');
      if (!RANGE[outType] || outType === 'int32')
        throw new OpError(`QuantizeLinear to ${outType} is not supported`);
      const out = rt.alloc(outType, a.dims);
      if (a.dtype === 'float32' && numel(scale.dims) === 1 && (!z || numel(z.dims) === 1)) {
        // Per-tensor (every activation quantizer in QDQ models): the tier's kernel.
        rt.tier.quantize(
          rt,
          rt.ptr(a),
          out.ptr,
          numel(a.dims),
          nums(scale)[0]!,
          z ? nums(z)[0]! : 0,
          outType === 'int8',
        );
        return [out];
      }
      const axis = attrInt(env.node, 'axis', 1);
      const sc = perAxis(nums(scale), a.dims, axis, 1);
      const zp = perAxis(z ? nums(z) : undefined, a.dims, axis, 0);
      const A = nums(a),
        O = out.data as NumArray;
      for (let i = 0; i < A.length; i++)
        O[i] = saturate(roundEven(Math.fround(A[i]! / sc(i))) + zp(i), outType);
      return [out];
    },
  };
};

const dequantizeLinear: OpFactory = (env) => (
  refuseBlocked(env),
  {
    run(rt, [x, s, z]) {
      const a = need(x, 'x'),
        scale = need(s, 'x_scale');
      if (!RANGE[a.dtype]) throw new OpError(`DequantizeLinear of ${a.dtype} is not supported`);
      const axis = attrInt(env.node, 'axis', 1);
      const sc = perAxis(nums(scale), a.dims, axis, 1);
      const zp = perAxis(z ? nums(z) : undefined, a.dims, axis, 0);
      const out = rt.alloc('float32', a.dims);
      const A = nums(a),
        O = out.data as Float32Array;
      for (let i = 0; i < A.length; i++) O[i] = (A[i]! - zp(i)) * sc(i);
      return [out];
    },
  }
);

const dynamicQuantizeLinear: OpFactory = () => ({
  run(rt, [x]) {
    const a = need(x, 'x');
    if (a.dtype !== 'float32')
      throw new OpError(`DynamicQuantizeLinear: float32 expected, got ${a.dtype}`);
    const n = numel(a.dims);
    const range = rt.scratch(8);
    rt.k.minMaxF32(rt.ptr(a), n, range);
    const [mn, mx] = rt.f32(range, 2);
    // The range always includes 0 so that 0 is exactly representable.
    const lo = Math.min(0, n ? mn! : 0),
      hi = Math.max(0, n ? mx! : 0);
    const scale = Math.fround((hi - lo) / 255);
    const zp = scale === 0 ? 0 : saturate(roundEven(Math.fround(0 - lo / scale)), 'uint8');
    const y = rt.alloc('uint8', a.dims);
    if (scale === 0) (y.data as Uint8Array).fill(0);
    else rt.tier.quantize(rt, rt.ptr(a), y.ptr, n, scale, zp, false);
    const ys = rt.alloc('float32', []),
      yz = rt.alloc('uint8', []);
    (ys.data as Float32Array)[0] = scale;
    (yz.data as Uint8Array)[0] = zp;
    return [y, ys, yz];
  },
});

export const QUANTIZE_OPS: Record<string, OpFactory> = {
  QuantizeLinear: quantizeLinear,
  DequantizeLinear: dequantizeLinear,
  DynamicQuantizeLinear: dynamicQuantizeLinear,
};
