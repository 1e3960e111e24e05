import type { Node } from '../../../../model/graph';
import { numel, type Value } from '../../values';
import type { OpFactory, PrepareEnv, Prepared } from '../op-types';
import { attrFloat, attrInt, attrInts, need, OpError } from '../op-util';
import { matmulOp } from '../product-util';
import { checkMask, runAttention, type AttentionConfig } from './attention-core';
import { packInt8Weight, runInt8, scalarOf } from './int8-weight';

/**
 * com.microsoft Attention and QAttention (ORT's operator docs): the merged Q/K/V weight is a
 * constant packed once, dense or sparse like any MatMul weight, so the three projections are
 * one product; then attention-core.ts. Rotary embeddings and the shared past/present buffer
 * are refused at load.
 */

function config(node: Node): AttentionConfig {
  const heads = attrInt(node, 'num_heads', 0);
  if (heads <= 0) throw new OpError('num_heads must be a positive attribute');
  if (attrInt(node, 'do_rotary', 0))
    throw new OpError('do_rotary=1 (rotary embeddings) is not supported');
  if (attrInt(node, 'past_present_share_buffer', 0))
    throw new OpError('past_present_share_buffer=1 is not supported');
  const scale = node.attributes.scale ? attrFloat(node, 'scale', 0) : null;
  return {
    heads,
    unidirectional: attrInt(node, 'unidirectional', 0) === 1,
    maskFilter: attrFloat(node, 'mask_filter_value', -10000),
    scale: scale === 0 ? null : scale,
  };
}

/** hidden sizes of Q, K and V: the attribute, else the weight's columns in three. */
function qkvSizes(node: Node, columns: number): [number, number, number] {
  const given = attrInts(node, 'qkv_hidden_sizes');
  if (given && given.length) {
    if (given.length !== 3 || given[0]! + given[1]! + given[2]! !== columns)
      throw new OpError(
        `qkv_hidden_sizes [${given.join(',')}] do not add up to the weight's ${columns} columns`,
      );
    return given as [number, number, number];
  }
  if (columns % 3 !== 0)
    throw new OpError(`the weight's ${columns} columns do not split into Q, K and V`);
  return [columns / 3, columns / 3, columns / 3];
}

function checkInput(x: Value, K: number): void {
  if (x.dims.length !== 3 || x.dims[2] !== K)
    throw new OpError(`input must be [batch, sequence, ${K}], got [${x.dims.join(',')}]`);
}

/** Attention(input, weights, bias?, mask_index?, past?, attention_bias?) → (output, present?). */
const attention: OpFactory = (env: PrepareEnv): Prepared => {
  const cfg = config(env.node);
  const [x, w, bias = '', mask = '', past = '', attnBias = '', pastLen = ''] = env.node
    .inputs as string[];
  if (pastLen)
    throw new OpError('past_sequence_length (shared past/present buffer) is not supported');
  const weight = env.constant(w!);
  if (!weight || weight.dtype !== 'float32' || weight.dims.length !== 2)
    throw new OpError(
      'Attention: the weights must be a constant float32 [input_hidden, 3·hidden] tensor',
    );
  const [K, N] = weight.dims as [number, number];
  const sizes = qkvSizes(env.node, N);
  const mm = matmulOp(env, [x!, '', bias], weight);
  const wantPresent = (env.node.outputs[1] ?? '') !== '';
  return {
    kernel: mm.kernel,
    reads: [x!, mask, past, attnBias],
    run(rt, [input, m, p, ab]) {
      const a = need(input, 'input');
      checkInput(a, K);
      const [qkv] = mm.run(rt, [a]);
      const [out, present] = runAttention(rt, cfg, qkv!, sizes, checkMask(m), p, ab, wantPresent);
      rt.drop(qkv!);
      return present ? [out, present] : [out];
    },
  };
};

/**
 * QAttention(input, weight, bias, input_scale, weight_scale, mask_index?, input_zero_point?,
 * weight_zero_point?, past?): the int8 projection (per-tensor or per-column weight scale),
 * float32 from there on.
 */
const qAttention: OpFactory = (env: PrepareEnv): Prepared => {
  const cfg = config(env.node);
  const [x, w, b, sx, sw, mask = '', zx = '', zw = '', past = ''] = env.node.inputs as string[];
  const weight = env.constant(w!),
    wScale = env.constant(sw!),
    wZero = zw ? env.constant(zw) : undefined,
    bias = env.constant(b!);
  if (!weight || !wScale || !bias || (zw && !wZero))
    throw new OpError(
      'QAttention: weight, bias, weight_scale and weight_zero_point must be constants',
    );
  const packed = packInt8Weight(env, weight, wScale, wZero, bias, 'QAttention Q/K/V projection');
  const sizes = qkvSizes(env.node, packed.N);
  const wantPresent = (env.node.outputs[1] ?? '') !== '';
  return {
    kernel: packed.packed.kernel,
    reads: [x!, sx!, mask, zx, past],
    run(rt, [input, s, m, z, p]) {
      const a = need(input, 'input');
      checkInput(a, packed.K);
      const sa = scalarOf(need(s, 'input_scale'), 'input_scale');
      const qkv = runInt8(rt, packed, a, sa, scalarOf(z, 'input_zero_point'));
      if (numel(qkv.dims) === 0) return [rt.alloc('float32', [a.dims[0]!, a.dims[1]!, sizes[2]])];
      const [out, present] = runAttention(
        rt,
        cfg,
        qkv,
        sizes,
        checkMask(m),
        p,
        undefined,
        wantPresent,
      );
      rt.drop(qkv);
      return present ? [out, present] : [out];
    },
  };
};

export const CONTRIB_ATTENTION_OPS: Record<string, OpFactory> = {
  Attention: attention,
  QAttention: qAttention,
};
