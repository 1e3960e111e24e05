import { DTYPE_TO_ONNX } from '../tensor';
import { generateBertDetailed, type GeneratedBert } from './bert';
import type { BertOptions } from './bert-options';
import { attr } from './graph-builder';
import { emitProduct, type LinearEmitter } from './linear';

/**
 * A keras Dense layer on a [batch, seq, in] tensor as tf2onnx exports it (TF's Tensordot):
 * the free dims are read off the input's shape at run time (in int32, as TF computes shapes),
 * the input is flattened to [batch·seq, in], multiplied, reshaped back to [batch, seq, out],
 * then BiasAdd. The weight stays a constant MatMul operand behind the Reshape, so a runtime
 * has to find it there to pack it.
 */
export const emitTensordotLinear: LinearEmitter = (b, x, layer, precision, activationAbsMax) => {
  const { name, inFeatures: n, outFeatures: m } = layer;
  const bias = b.constant(`${name}.bias`, 'float32', [m], layer.bias);
  const p = `${name}/Tensordot`;
  const int32 = (v: string, tag: string): string =>
    b.op('Cast', `${p}/${tag}`, [v], { to: attr.int(DTYPE_TO_ONNX.int32) });
  const int32Const = (tag: string, values: number[]): string =>
    b.constant(`${p}.${tag}`, 'int32', [values.length], Int32Array.from(values));
  const shape = int32(b.op('Shape', `${p}/Shape`, [x]), 'Shape/Cast');
  const free = b.op('Gather', `${p}/GatherV2`, [shape, int32Const('free_axes', [0, 1])], {
    axis: attr.int(0),
  });
  const rows = b.op('ReduceProd', `${p}/Prod`, [free], { keepdims: attr.int(1) });
  const flatShape = b.op('Concat', `${p}/stack`, [rows, int32Const('contracted', [n])], {
    axis: attr.int(0),
  });
  const flat = b.op('Reshape', `${p}/Reshape`, [
    x,
    b.op('Cast', `${p}/Reshape/Cast`, [flatShape], { to: attr.int(DTYPE_TO_ONNX.int64) }),
  ]);
  const product = emitProduct(b, flat, layer, precision, activationAbsMax);
  const outShape = b.op('Concat', `${p}/concat_1`, [free, int32Const('out_features', [m])], {
    axis: attr.int(0),
  });
  const y = b.op('Reshape', p, [
    product,
    b.op('Cast', `${p}/concat_1/Cast`, [outShape], { to: attr.int(DTYPE_TO_ONNX.int64) }),
  ]);
  return b.op('Add', `${name}/BiasAdd`, [y, bias]);
};

/**
 * The generated BERT with every dense layer written as a keras Tensordot (see
 * emitTensordotLinear); same weights, inputs and outputs as generateBertDetailed.
 */
export function generateTensordotBertDetailed(opts: BertOptions): GeneratedBert {
  return generateBertDetailed(opts, {
    generator: 'bert-tensordot',
    linear: emitTensordotLinear,
  });
}
