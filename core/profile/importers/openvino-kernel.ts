import type { NodeStatus } from '../../api/names';
import type { NodeKernelFact } from '../../api/schemas/profile';

/**
 * OpenVINO's per-node words → the profile's: execStatus (EXECUTED, NOT_RUN, OPTIMIZED_OUT,
 * also printed "Status.EXECUTED" by the Python benchmark_app) and execType / primitiveType
 * ("brgemm_avx512_amx_bf16", "jit_avx512_f32", "ref_i64", "unknown_i64", "undef"), whose last
 * part names the precision and whose other parts the implementation and ISA.
 */

const STATUS: Record<string, NodeStatus> = {
  EXECUTED: 'executed',
  NOT_RUN: 'not_run',
  OPTIMIZED_OUT: 'optimized_out',
};

/** The status word, with or without Python's "Status." prefix; null when it is none of them. */
export function openvinoStatus(text: string): NodeStatus | null {
  return (
    STATUS[
      text
        .trim()
        .replace(/^Status\./, '')
        .toUpperCase()
    ] ?? null
  );
}

const PRECISIONS: Record<string, string> = {
  f32: 'fp32',
  fp32: 'fp32',
  bf16: 'bf16',
  f16: 'fp16',
  fp16: 'fp16',
  i8: 'int8',
  u8: 'uint8',
  i4: 'int4',
  u4: 'uint4',
  i32: 'int32',
  i64: 'int64',
  u1: 'bin',
  boolean: 'bool',
};

/** Layer types whose kernels multiply by a weight: dense unless the primitive says sparse. */
const PRODUCTS = /^(FullyConnected|MatMul|Convolution|GroupConvolution|Deconvolution|Gemm)$/i;

/** Split an execType/primitiveType into the kernel fact the profile stores. */
export function openvinoKernel(
  execType: string,
  layerType: string,
  runtimePrecision: string | null = null,
): NodeKernelFact {
  const raw = execType.trim();
  const parts = raw.split('_').filter(Boolean);
  const last = parts.at(-1)?.toLowerCase() ?? '';
  const fromType = PRECISIONS[last] ?? null;
  const precision =
    fromType ??
    (runtimePrecision
      ? (PRECISIONS[runtimePrecision.toLowerCase()] ?? runtimePrecision.toLowerCase())
      : null);
  const rest = fromType ? parts.slice(0, -1) : parts;
  const sparse = rest.some((p) => /^sparse$/i.test(p));
  const tier = rest.filter((p) => !/^sparse$/i.test(p)).join('_');
  return {
    impl: sparse ? 'sparse' : PRODUCTS.test(layerType) ? 'dense' : null,
    precision,
    tier: tier === '' || /^(undef|unknown)$/i.test(tier) ? null : tier,
    exec_type: raw === '' ? null : raw,
  };
}
