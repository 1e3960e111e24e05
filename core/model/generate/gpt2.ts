import { UserError } from '../../api/errors';
import type { GraphModel, ValueInfo } from '../graph';
import { DTYPE_TO_ONNX, tensorFromBytes } from '../tensor';
import { appVersion } from '../../util/paths';
import { Prng } from '../../util/prng';
import { MASK_NEGATIVE } from './bert';
import {
  MAX_WEIGHT_BYTES,
  resolveBertOptions,
  type BertOptions,
  type BertShape,
} from './bert-options';
import { attr, GraphBuilder } from './graph-builder';
import {
  ACTIVATION_SIGMAS,
  INIT_STD,
  maxColumnNorm,
  prunedLinears,
  type LinearReport,
} from './linear';

/** A GPT-2 decoder has the same shape fields as the encoder; it has no token types. */
export type Gpt2Options = Omit<BertOptions, 'typeVocab'>;
export type ResolvedGpt2Options = Required<Gpt2Options>;

export interface GeneratedGpt2 {
  model: GraphModel;
  options: ResolvedGpt2Options;
  params: number;
  linears: LinearReport[];
}

/** GPT-2's LayerNorm epsilon. */
const LN_EPSILON = 1e-5;

/** Optimum's names for the KV cache of layer `l`. */
export const pastName = (l: number, kv: 'key' | 'value'): string => `past_key_values.${l}.${kv}`;
export const presentName = (l: number, kv: 'key' | 'value'): string => `present.${l}.${kv}`;

/** Embeddings, per layer fused QKV, attention and MLP projections and LayerNorms, ln_f, LM head. */
export function gpt2ParamCount(s: BertShape): number {
  const h = s.hidden;
  const perLayer =
    h * 3 * h +
    3 * h +
    (h * h + h) +
    (h * s.intermediate + s.intermediate) +
    (s.intermediate * h + h);
  return (s.vocab + s.maxSeq) * h + s.layers * (perLayer + 4 * h) + 2 * h + h * s.vocab + s.vocab;
}

/**
 * Generate a GPT-2-style decoder (opset 17 standard ops): pre-LN blocks, a fused QKV
 * projection split three ways, causal self-attention whose mask is built in the graph
 * (Trilu over [seq, past + seq] shifted by the past length, then Where), past_key_values.L.key/
 * value inputs concatenated with the new K/V and returned as present.L.key/value, a tanh-GELU
 * MLP and an untied LM head giving logits. Positions continue after the past (Range from the
 * past length). Throws UserError('BadInput') on bad options.
 */
export function generateGpt2Detailed(opts: Gpt2Options): GeneratedGpt2 {
  const { typeVocab: _unused, ...o } = resolveBertOptions(opts);
  const { hidden: h, heads, intermediate: ff, vocab } = o;
  const params = gpt2ParamCount(o);
  if (params * 4 > MAX_WEIGHT_BYTES) {
    throw new UserError(
      'BadInput',
      `this model would hold ${((params * 4) / 2 ** 30).toFixed(2)} GiB of FP32 weights; one ONNX file holds at most 2 GiB.`,
      'Use fewer layers, a smaller hidden/intermediate size or a smaller vocabulary.',
    );
  }
  const headDim = h / heads;
  const rng = new Prng(o.seed);
  const b = new GraphBuilder();
  const linears: LinearReport[] = [];
  const linear = prunedLinears(b, rng, o, linears);
  const axisScalar = (name: string, axis: number): string => b.int64(name, [axis], []);

  const inputIds = b.reserve('input_ids');
  const pasts = Array.from({ length: o.layers }, (_, l) => ({
    key: b.reserve(pastName(l, 'key')),
    value: b.reserve(pastName(l, 'value')),
  }));

  // Lengths: the new tokens' from input_ids, the cached ones' from layer 0's past key.
  const seqLen = b.op(
    'Gather',
    'lengths/seq/Gather',
    [b.op('Shape', 'lengths/seq/Shape', [inputIds]), axisScalar('lengths.seq_axis', 1)],
    { axis: attr.int(0) },
  );
  const pastLen = b.op(
    'Gather',
    'lengths/past/Gather',
    [b.op('Shape', 'lengths/past/Shape', [pasts[0]!.key]), axisScalar('lengths.past_axis', 2)],
    { axis: attr.int(0) },
  );
  const totalLen = b.op('Add', 'lengths/total/Add', [pastLen, seqLen]);

  const wte = b.constant('wte.weight', 'float32', [vocab, h], rng.normals(vocab * h, INIT_STD));
  const wpe = b.constant(
    'wpe.weight',
    'float32',
    [o.maxSeq, h],
    rng.normals(o.maxSeq * h, INIT_STD),
  );
  const positionIds = b.op('Range', 'embeddings/position_ids/Range', [
    pastLen,
    totalLen,
    axisScalar('embeddings.one', 1),
  ]);
  let x = b.op('Add', 'embeddings/Add', [
    b.op('Gather', 'embeddings/wte/Gather', [wte, inputIds]),
    b.op('Gather', 'embeddings/wpe/Gather', [wpe, positionIds]),
  ]);

  // Causal mask [seq, past + seq]: query i (absolute position past + i) sees keys j ≤ past + i,
  // i.e. the lower triangle of a ones matrix shifted right by the past length.
  const unsq = (v: string, tag: string): string =>
    b.op('Unsqueeze', `mask/${tag}/Unsqueeze`, [v, b.int64(`mask.${tag}_axes`, [0])]);
  const one = new Uint8Array(BigInt64Array.of(1n).buffer);
  const ones = b.op(
    'ConstantOfShape',
    'mask/ConstantOfShape',
    [
      b.op('Concat', 'mask/Concat', [unsq(seqLen, 'rows'), unsq(totalLen, 'cols')], {
        axis: attr.int(0),
      }),
    ],
    { value: { type: 'tensor', value: tensorFromBytes('mask.one', 'int64', [1], one) } },
  );
  const causal = b.op(
    'Cast',
    'mask/Cast',
    [b.op('Trilu', 'mask/Trilu', [ones, pastLen], { upper: attr.int(0) })],
    {
      to: attr.int(DTYPE_TO_ONNX.bool),
    },
  );
  const masked = b.scalarF32('attention.masked_score', MASK_NEGATIVE);

  const headsShape = b.int64('attention.heads_shape', [0, 0, heads, headDim]);
  const mergedShape = b.int64('attention.merged_shape', [0, 0, h]);
  const thirds = b.int64('attention.qkv_split', [h, h, h]);
  const scoreScale = b.scalarF32('attention.score_scale', 1 / Math.sqrt(headDim));
  const gelu = {
    half: b.scalarF32('gelu.half', 0.5),
    one: b.scalarF32('gelu.one', 1),
    three: b.scalarF32('gelu.three', 3),
    cubic: b.scalarF32('gelu.cubic', 0.044715),
    scale: b.scalarF32('gelu.sqrt_2_over_pi', Math.sqrt(2 / Math.PI)),
  };
  const presents: string[] = [];

  for (let l = 0; l < o.layers; l++) {
    const p = `h${l}`;
    const qkv = linear(
      b.layerNorm(x, `${p}/ln_1`, h, LN_EPSILON),
      `${p}/attn/c_attn`,
      h,
      3 * h,
      ACTIVATION_SIGMAS,
    );
    const [q, k, v] = b.opN('Split', `${p}/attn/Split`, [qkv.y, thirds], 3, { axis: attr.int(-1) });
    const split = (t: string, tag: string): string =>
      b.op(
        'Transpose',
        `${p}/attn/${tag}/Transpose`,
        [b.op('Reshape', `${p}/attn/${tag}/Reshape`, [t, headsShape])],
        { perm: attr.ints([0, 2, 1, 3]) },
      ); // [B, A, S, d]
    const cat = (past: string, t: string, tag: string): string =>
      b.op('Concat', `${p}/attn/${tag}/Concat`, [past, split(t, tag)], { axis: attr.int(2) });
    const keys = cat(pasts[l]!.key, k!, 'key'); // [B, A, P+S, d]
    const values = cat(pasts[l]!.value, v!, 'value');
    presents.push(keys, values);
    const scores = b.op('Mul', `${p}/attn/scores/Mul`, [
      b.op('MatMul', `${p}/attn/scores/MatMul`, [
        split(q!, 'query'),
        b.op('Transpose', `${p}/attn/key_t/Transpose`, [keys], { perm: attr.ints([0, 1, 3, 2]) }),
      ]),
      scoreScale,
    ]);
    const probs = b.op(
      'Softmax',
      `${p}/attn/Softmax`,
      [b.op('Where', `${p}/attn/mask/Where`, [causal, scores, masked])],
      { axis: attr.int(-1) },
    );
    const context = b.op('Reshape', `${p}/attn/merge/Reshape`, [
      b.op(
        'Transpose',
        `${p}/attn/merge/Transpose`,
        [b.op('MatMul', `${p}/attn/context/MatMul`, [probs, values])],
        {
          perm: attr.ints([0, 2, 1, 3]),
        },
      ),
      mergedShape,
    ]);
    // The context mixes value rows (new ones from c_attn's last third, cached ones N(0, 1)).
    const valueRange = Math.max(1, maxColumnNorm(qkv.w, h, 3 * h));
    const attnOut = linear(context, `${p}/attn/c_proj`, h, h, ACTIVATION_SIGMAS * valueRange);
    x = b.op('Add', `${p}/attn/residual/Add`, [x, attnOut.y]);

    const fc = linear(
      b.layerNorm(x, `${p}/ln_2`, h, LN_EPSILON),
      `${p}/mlp/c_fc`,
      h,
      ff,
      ACTIVATION_SIGMAS,
    );
    // GELU, tanh form: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), as GPT-2 computes it.
    const inner = b.op('Mul', `${p}/mlp/gelu/Mul`, [
      b.op('Add', `${p}/mlp/gelu/Add`, [
        fc.y,
        b.op('Mul', `${p}/mlp/gelu/Mul_cubic`, [
          b.op('Pow', `${p}/mlp/gelu/Pow`, [fc.y, gelu.three]),
          gelu.cubic,
        ]),
      ]),
      gelu.scale,
    ]);
    const act = b.op('Mul', `${p}/mlp/gelu/Mul_2`, [
      b.op('Mul', `${p}/mlp/gelu/Mul_1`, [fc.y, gelu.half]),
      b.op('Add', `${p}/mlp/gelu/Add_1`, [b.op('Tanh', `${p}/mlp/gelu/Tanh`, [inner]), gelu.one]),
    ]);
    const proj = linear(
      act,
      `${p}/mlp/c_proj`,
      ff,
      h,
      ACTIVATION_SIGMAS * maxColumnNorm(fc.w, h, ff),
    );
    x = b.op('Add', `${p}/mlp/residual/Add`, [x, proj.y]);
  }
  const logits = linear(
    b.layerNorm(x, 'ln_f', h, LN_EPSILON),
    'lm_head',
    h,
    vocab,
    ACTIVATION_SIGMAS,
  );
  b.renameOutput(logits.y, 'logits');
  presents.forEach((v, i) => b.renameOutput(v, presentName(i >> 1, i % 2 ? 'value' : 'key')));

  const cache = (name: string, length: string): ValueInfo => ({
    name,
    dtype: 'float32',
    shape: ['batch', heads, length, headDim],
  });
  const kv = (name: (l: number, kv: 'key' | 'value') => string, length: string): ValueInfo[] =>
    Array.from({ length: o.layers }, (_, l) => [
      cache(name(l, 'key'), length),
      cache(name(l, 'value'), length),
    ]).flat();
  const model = b.build({
    name: 'sparsescope_gpt2',
    inputs: [
      { name: 'input_ids', dtype: 'int64', shape: ['batch', 'sequence'] },
      ...kv(pastName, 'past_sequence'),
    ],
    outputs: [
      { name: 'logits', dtype: 'float32', shape: ['batch', 'sequence', vocab] },
      ...kv(presentName, 'total_sequence'),
    ],
    producerVersion: appVersion(),
    metadata: {
      'sparsescope.generator': 'gpt2',
      'sparsescope.generator_version': '1',
      'sparsescope.options': JSON.stringify(o),
    },
  });
  return { model, options: o, params, linears };
}
