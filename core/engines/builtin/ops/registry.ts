import { FUSED_ATTENTION } from './attention';
import { DATA_MOVEMENT_OPS } from './data-movement';
import { ELEMENTWISE_OPS } from './elementwise';
import { FUSED_MATMUL, MATMUL_OPS } from './matmul';
import { MATMUL_INT8_OPS } from './matmul-int8';
import { NORMALIZATION_OPS } from './normalization';
import type { OpFactory } from './op-types';
import { QUANTIZE_OPS } from './quantize';
import { SHAPE_OPS } from './shape-ops';
import { REDUCE_OPS } from './reduce';
import { MINMAX_OPS } from './minmax';
import { LOGICAL_OPS } from './logical';
import { UNARY_MATH_OPS } from './unary-math';
import { TENSOR_MISC_OPS } from './tensor-misc';
import { EINSUM_OPS } from './einsum';
import { SCATTER_GATHER_OPS } from './scatter-gather';
import { TOPK_OPS } from './topk';
import { CONTRIB_DOMAIN, CONTRIB_FAMILIES, CONTRIB_OPS } from './contrib';

/** Every op the builtin engine implements (default ONNX domain). */
export const OP_FACTORIES: Readonly<Record<string, OpFactory>> = {
  ...ELEMENTWISE_OPS,
  ...SHAPE_OPS,
  ...DATA_MOVEMENT_OPS,
  ...NORMALIZATION_OPS,
  ...MATMUL_OPS,
  ...QUANTIZE_OPS,
  ...MATMUL_INT8_OPS,
  ...REDUCE_OPS,
  ...MINMAX_OPS,
  ...LOGICAL_OPS,
  ...UNARY_MATH_OPS,
  ...TENSOR_MISC_OPS,
  ...EINSUM_OPS,
  ...SCATTER_GATHER_OPS,
  ...TOPK_OPS,
};

/**
 * The factory for a model node's op, or undefined when the engine lacks it: the default ONNX
 * domain, and onnxruntime's com.microsoft contrib ops (CONTRIB_OPS).
 */
export function modelOpFactory(domain: string, opType: string): OpFactory | undefined {
  const table =
    domain === '' || domain === 'ai.onnx'
      ? OP_FACTORIES
      : domain === CONTRIB_DOMAIN
        ? CONTRIB_OPS
        : undefined;
  return table && Object.hasOwn(table, opType) ? table[opType] : undefined;
}

/** The ops the builtin's fusions create (domain BUILTIN_DOMAIN, see internal.ts). */
export const INTERNAL_OPS: Readonly<Record<string, OpFactory>> = {
  FusedMatMul: FUSED_MATMUL,
  FusedAttention: FUSED_ATTENTION,
};

/** Each default-domain op's family (see opFamily). */
const OP_FAMILIES: Readonly<Record<string, string>> = Object.fromEntries(
  (
    [
      [ELEMENTWISE_OPS, 'elementwise'],
      [SHAPE_OPS, 'shape'],
      [DATA_MOVEMENT_OPS, 'data-movement'],
      [NORMALIZATION_OPS, 'normalization'],
      [MATMUL_OPS, 'dense'],
      [QUANTIZE_OPS, 'quantize'],
      [MATMUL_INT8_OPS, 'dense'],
      [REDUCE_OPS, 'reduce'],
      [MINMAX_OPS, 'elementwise'],
      [LOGICAL_OPS, 'elementwise'],
      [UNARY_MATH_OPS, 'elementwise'],
      [TENSOR_MISC_OPS, 'data-movement'],
      [EINSUM_OPS, 'dense'],
      [SCATTER_GATHER_OPS, 'data-movement'],
      [TOPK_OPS, 'reduce'],
    ] as const
  ).flatMap(([ops, family]) => Object.keys(ops).map((op) => [op, family])),
);

/**
 * A model node's op family: the `impl` a profile reports for ops without a kernel of their
 * own, for the default domain and the com.microsoft contrib ops alike.
 */
export function opFamily(domain: string, opType: string): string {
  const table = domain === CONTRIB_DOMAIN ? CONTRIB_FAMILIES : OP_FAMILIES;
  return (Object.hasOwn(table, opType) ? table[opType] : undefined) ?? 'elementwise';
}
