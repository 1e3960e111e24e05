import type { OpFactory } from '../op-types';
import { CONTRIB_ATTENTION_OPS } from './attention';
import { CONTRIB_GELU_OPS } from './gelu';
import { CONTRIB_NORM_OPS } from './layer-norm';
import { CONTRIB_MATMUL_OPS } from './matmul';

/** onnxruntime's contrib operator domain: the ops its optimizer and quantizer write. */
export const CONTRIB_DOMAIN = 'com.microsoft';

/** The com.microsoft ops the builtin engine implements, following ORT's operator docs. */
export const CONTRIB_OPS: Readonly<Record<string, OpFactory>> = {
  ...CONTRIB_ATTENTION_OPS,
  ...CONTRIB_NORM_OPS,
  ...CONTRIB_GELU_OPS,
  ...CONTRIB_MATMUL_OPS,
};

/** Each contrib op's family (opFamily in ../registry.ts reads it). */
export const CONTRIB_FAMILIES: Readonly<Record<string, string>> = {
  Attention: 'attention',
  QAttention: 'attention',
  SkipLayerNormalization: 'normalization',
  EmbedLayerNormalization: 'normalization',
  Gelu: 'elementwise',
  BiasGelu: 'elementwise',
  FastGelu: 'elementwise',
  FusedMatMul: 'dense',
  MatMulIntegerToFloat: 'dense',
  DynamicQuantizeMatMul: 'dense',
};
