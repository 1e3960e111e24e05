import { FUSED_ATTENTION } from './attention';
import { DATA_MOVEMENT_OPS } from './data-movement';
import { ELEMENTWISE_OPS } from './elementwise';
import { FUSED_MATMUL, MATMUL_OPS } from './matmul';
import { MATMUL_INT8_OPS } from './matmul-int8';
import { NORMALIZATION_OPS } from './normalization';
import type { OpFactory } from './op-types';
import { QUANTIZE_OPS } from './quantize';
import { SHAPE_OPS } from './shape-ops';

/** Every op the builtin engine implements (default ONNX domain). */
export const OP_FACTORIES: Readonly<Record<string, OpFactory>> = {
  ...ELEMENTWISE_OPS,
  ...SHAPE_OPS,
  ...DATA_MOVEMENT_OPS,
  ...NORMALIZATION_OPS,
  ...MATMUL_OPS,
  ...QUANTIZE_OPS,
  ...MATMUL_INT8_OPS,
};

/** The ops the builtin's fusions create (domain BUILTIN_DOMAIN, see internal.ts). */
export const INTERNAL_OPS: Readonly<Record<string, OpFactory>> = {
  FusedMatMul: FUSED_MATMUL,
  FusedAttention: FUSED_ATTENTION,
};

/** Each op's family: the `impl` a profile reports for ops without a kernel of their own. */
export const OP_FAMILIES: Readonly<Record<string, string>> = Object.fromEntries(
  (
    [
      [ELEMENTWISE_OPS, 'elementwise'],
      [SHAPE_OPS, 'shape'],
      [DATA_MOVEMENT_OPS, 'data-movement'],
      [NORMALIZATION_OPS, 'normalization'],
      [MATMUL_OPS, 'dense'],
      [QUANTIZE_OPS, 'quantize'],
      [MATMUL_INT8_OPS, 'dense'],
    ] as const
  ).flatMap(([ops, family]) => Object.keys(ops).map((op) => [op, family])),
);
