import { DATA_MOVEMENT_OPS } from './data-movement';
import { ELEMENTWISE_OPS } from './elementwise';
import { MATMUL_OPS } from './matmul';
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
