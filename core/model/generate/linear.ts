import { DTYPE_TO_ONNX } from '../tensor';
import { quantizePerChannel } from '../transforms/quantize-weights';
import type { ModelPrecision } from '../../api/names';
import { attr, type GraphBuilder } from './graph-builder';

/** One dense layer y = x·W + b with W stored [in, out] as MatMul expects. */
export interface LinearLayer {
  /** Prefix for node and initializer names, e.g. "layer0/attention/query". */
  name: string;
  inFeatures: number;
  outFeatures: number;
  weight: Float32Array;
  bias: Float32Array;
}

/**
 * Emit a linear layer in the requested precision and return the output value name.
 * `activationAbsMax` is the range the QDQ activation quantiser covers (unused otherwise).
 */
export function emitLinear(
  b: GraphBuilder,
  x: string,
  layer: LinearLayer,
  precision: ModelPrecision,
  activationAbsMax: number,
): string {
  const { name, inFeatures: n, outFeatures: m } = layer;
  const bias = b.constant(`${name}.bias`, 'float32', [m], layer.bias);
  if (precision === 'fp32') {
    const w = b.constant(`${name}.weight`, 'float32', [n, m], layer.weight);
    return b.op('Add', `${name}/Add`, [b.op('MatMul', `${name}/MatMul`, [x, w]), bias]);
  }
  const { q, scales } = quantizePerChannel(layer.weight, n, m, 1);
  const wq = b.constant(`${name}.weight_quantized`, 'int8', [n, m], q);
  const wScale = b.constant(`${name}.weight_scale`, 'float32', [m], scales);
  if (precision === 'int8-qdq') {
    const wZero = b.constant(`${name}.weight_zero_point`, 'int8', [m], new Int8Array(m));
    const w = b.op('DequantizeLinear', `${name}/weight/DequantizeLinear`, [wq, wScale, wZero], {
      axis: attr.int(1),
    });
    // Symmetric int8 activations: zero point 0, scale from the expected range (see bert.ts).
    const aScale = b.scalarF32(`${name}.input_scale`, Math.max(activationAbsMax, 1e-6) / 127);
    const aZero = b.constant(`${name}.input_zero_point`, 'int8', [], new Int8Array(1));
    const xq = b.op('QuantizeLinear', `${name}/input/QuantizeLinear`, [x, aScale, aZero]);
    const xd = b.op('DequantizeLinear', `${name}/input/DequantizeLinear`, [xq, aScale, aZero]);
    return b.op('Add', `${name}/Add`, [b.op('MatMul', `${name}/MatMul`, [xd, w]), bias]);
  }
  // int8-dynamic: uint8 activations quantised per call, int8 weights with zero point 0 (U8S8).
  const wZero = b.constant(`${name}.weight_zero_point`, 'int8', [m], new Int8Array(m));
  const [xq, xScale, xZero] = b.opN(
    'DynamicQuantizeLinear',
    `${name}/input/DynamicQuantizeLinear`,
    [x],
    3,
  );
  const acc = b.op('MatMulInteger', `${name}/MatMulInteger`, [xq!, wq, xZero!, wZero]);
  const accF = b.op('Cast', `${name}/Cast`, [acc], { to: attr.int(DTYPE_TO_ONNX.float32) });
  const scale = b.op('Mul', `${name}/scale/Mul`, [xScale!, wScale]);
  const y = b.op('Mul', `${name}/Mul`, [accF, scale]);
  return b.op('Add', `${name}/Add`, [y, bias]);
}
