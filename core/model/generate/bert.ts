import type { GraphModel, ValueInfo } from '../graph';
import { DTYPE_TO_ONNX } from '../tensor';
import { appVersion } from '../../util/paths';
import {
  bertParamCount,
  resolveBertOptions,
  type BertOptions,
  type ResolvedBertOptions,
} from './bert-options';
import { attr, GraphBuilder } from './graph-builder';
import {
  ACTIVATION_SIGMAS,
  emitLinear,
  INIT_STD,
  maxColumnNorm,
  prunedLinears,
  type LinearEmitter,
  type LinearReport,
} from './linear';
import { Prng } from '../../util/prng';

export type { LinearReport } from './linear';

export interface GeneratedBert {
  model: GraphModel;
  options: ResolvedBertOptions;
  params: number;
  linears: LinearReport[];
}

/** How the encoder's dense layers are written, and the generator name in the metadata. */
export interface BertVariant {
  generator: string;
  linear: LinearEmitter;
}

const PLAIN_BERT: BertVariant = { generator: 'bert', linear: emitLinear };

const LN_EPSILON = 1e-12;
/** Added to masked scores; exp(-10000 + s) underflows to exactly 0 in float32. */
export const MASK_NEGATIVE = -10000;

/**
 * Generate a BERT-like encoder (Hugging Face input/output names, standard opset-17 ops only).
 * Throws UserError('BadInput') on bad options.
 */
export function generateBert(opts: BertOptions): GraphModel {
  return generateBertDetailed(opts).model;
}

/** generateBert plus what make-model reports: parameter count and per-linear sparsity. */
export function generateBertDetailed(
  opts: BertOptions,
  variant: BertVariant = PLAIN_BERT,
): GeneratedBert {
  const o = resolveBertOptions(opts);
  const { hidden: h, heads, intermediate: ff } = o;
  const headDim = h / heads;
  const rng = new Prng(o.seed);
  const b = new GraphBuilder();
  const linears: LinearReport[] = [];
  const linear = prunedLinears(b, rng, o, linears, variant.linear);
  const layerNorm = (x: string, name: string): string => b.layerNorm(x, name, h, LN_EPSILON);
  const i64 = (name: string, values: number[], dims?: number[]): string =>
    b.int64(name, values, dims);

  const inputIds = b.reserve('input_ids');
  const attentionMask = b.reserve('attention_mask');
  const tokenTypeIds = b.reserve('token_type_ids');

  // Embeddings: word + position (positions 0..seq-1 via Range) + token type, then LayerNorm.
  const wordEmb = b.constant(
    'embeddings.word_embeddings.weight',
    'float32',
    [o.vocab, h],
    rng.normals(o.vocab * h, INIT_STD),
  );
  const posEmb = b.constant(
    'embeddings.position_embeddings.weight',
    'float32',
    [o.maxSeq, h],
    rng.normals(o.maxSeq * h, INIT_STD),
  );
  const typeEmb = b.constant(
    'embeddings.token_type_embeddings.weight',
    'float32',
    [o.typeVocab, h],
    rng.normals(o.typeVocab * h, INIT_STD),
  );
  const words = b.op('Gather', 'embeddings/word/Gather', [wordEmb, inputIds]);
  const shape = b.op('Shape', 'embeddings/Shape', [inputIds]);
  const seqLen = b.op(
    'Gather',
    'embeddings/seq_len/Gather',
    [shape, i64('embeddings.seq_axis', [1], [])],
    { axis: attr.int(0) },
  );
  const positionIds = b.op('Range', 'embeddings/position_ids/Range', [
    i64('embeddings.zero', [0], []),
    seqLen,
    i64('embeddings.one', [1], []),
  ]);
  const positions = b.op('Gather', 'embeddings/position/Gather', [posEmb, positionIds]);
  const types = b.op('Gather', 'embeddings/token_type/Gather', [typeEmb, tokenTypeIds]);
  const embSum = b.op('Add', 'embeddings/Add_1', [
    b.op('Add', 'embeddings/Add', [words, positions]),
    types,
  ]);
  let x = layerNorm(embSum, 'embeddings/LayerNorm');

  // Additive mask [batch, 1, 1, seq]: 0 where attended, -10000 where masked; broadcasts over
  // heads and query positions so a masked key gets exactly zero attention weight.
  const maskF = b.op('Cast', 'mask/Cast', [attentionMask], { to: attr.int(DTYPE_TO_ONNX.float32) });
  const mask4 = b.op('Unsqueeze', 'mask/Unsqueeze', [maskF, i64('mask.axes', [1, 2])]);
  const inverted = b.op('Sub', 'mask/Sub', [b.scalarF32('mask.one', 1), mask4]);
  const additiveMask = b.op('Mul', 'mask/Mul', [
    inverted,
    b.scalarF32('mask.negative', MASK_NEGATIVE),
  ]);

  const headsShape = i64('attention.heads_shape', [0, 0, heads, headDim]);
  const mergedShape = i64('attention.merged_shape', [0, 0, h]);
  const scoreScale = b.scalarF32('attention.score_scale', 1 / Math.sqrt(headDim));
  const sqrt2 = b.scalarF32('gelu.sqrt2', Math.SQRT2);
  const one = b.scalarF32('gelu.one', 1);
  const half = b.scalarF32('gelu.half', 0.5);

  for (let l = 0; l < o.layers; l++) {
    const p = `layer${l}`;
    const q = linear(x, `${p}/attention/query`, h, h, ACTIVATION_SIGMAS);
    const k = linear(x, `${p}/attention/key`, h, h, ACTIVATION_SIGMAS);
    const v = linear(x, `${p}/attention/value`, h, h, ACTIVATION_SIGMAS);
    const split = (t: string, tag: string, perm: number[]): string =>
      b.op(
        'Transpose',
        `${p}/attention/${tag}/Transpose`,
        [b.op('Reshape', `${p}/attention/${tag}/Reshape`, [t, headsShape])],
        { perm: attr.ints(perm) },
      );
    const qh = split(q.y, 'query', [0, 2, 1, 3]); // [B, A, S, d]
    const kh = split(k.y, 'key', [0, 2, 3, 1]); // [B, A, d, S]
    const vh = split(v.y, 'value', [0, 2, 1, 3]); // [B, A, S, d]
    const scores = b.op('Mul', `${p}/attention/scores/Mul`, [
      b.op('MatMul', `${p}/attention/scores/MatMul`, [qh, kh]),
      scoreScale,
    ]);
    const probs = b.op(
      'Softmax',
      `${p}/attention/Softmax`,
      [b.op('Add', `${p}/attention/mask/Add`, [scores, additiveMask])],
      { axis: attr.int(-1) },
    );
    const context = b.op('MatMul', `${p}/attention/context/MatMul`, [probs, vh]);
    const merged = b.op('Reshape', `${p}/attention/context/Reshape`, [
      b.op('Transpose', `${p}/attention/context/Transpose`, [context], {
        perm: attr.ints([0, 2, 1, 3]),
      }),
      mergedShape,
    ]);
    // The context is a convex mix of value rows, so it stays within the value range.
    const attnOut = linear(
      merged,
      `${p}/attention/output`,
      h,
      h,
      ACTIVATION_SIGMAS * maxColumnNorm(v.w, h, h),
    );
    x = layerNorm(
      b.op('Add', `${p}/attention/residual/Add`, [attnOut.y, x]),
      `${p}/attention/LayerNorm`,
    );

    const inter = linear(x, `${p}/ffn/intermediate`, h, ff, ACTIVATION_SIGMAS);
    // GELU (erf form) from standard ops: opset 17 has no Gelu.
    const erf = b.op('Erf', `${p}/ffn/gelu/Erf`, [
      b.op('Div', `${p}/ffn/gelu/Div`, [inter.y, sqrt2]),
    ]);
    const gelu = b.op('Mul', `${p}/ffn/gelu/Mul_1`, [
      b.op('Mul', `${p}/ffn/gelu/Mul`, [inter.y, b.op('Add', `${p}/ffn/gelu/Add`, [erf, one])]),
      half,
    ]);
    const out = linear(
      gelu,
      `${p}/ffn/output`,
      ff,
      h,
      ACTIVATION_SIGMAS * maxColumnNorm(inter.w, h, ff),
    );
    x = layerNorm(b.op('Add', `${p}/ffn/residual/Add`, [out.y, x]), `${p}/ffn/LayerNorm`);
  }
  b.renameOutput(x, 'last_hidden_state');

  const tokens = (name: string): ValueInfo => ({
    name,
    dtype: 'int64',
    shape: ['batch', 'sequence'],
  });
  const model = b.build({
    name: 'sparsescope_bert',
    inputs: [tokens('input_ids'), tokens('attention_mask'), tokens('token_type_ids')],
    outputs: [{ name: 'last_hidden_state', dtype: 'float32', shape: ['batch', 'sequence', h] }],
    producerVersion: appVersion(),
    metadata: {
      'sparsescope.generator': variant.generator,
      'sparsescope.generator_version': '1',
      'sparsescope.options': JSON.stringify(o),
    },
  });
  return { model, options: o, params: bertParamCount(o), linears };
}
