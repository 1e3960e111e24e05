import { DTYPE_TO_ONNX } from '../tensor';
import { pruneCount, pruneSmallest } from '../transforms/magnitude-prune';
import { quantizePerChannel } from '../transforms/quantize-weights';
import type { ModelPrecision } from '../../api/names';
import type { Prng } from '../../util/prng';
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

/** Achieved sparsity of one linear-layer weight, measured on the FP32 weight after pruning. */
export interface LinearReport {
  name: string;
  inFeatures: number;
  outFeatures: number;
  zeros: number;
  sparsity: number;
}

/** Writes one linear layer into the graph and returns its output value name. */
export type LinearEmitter = (
  b: GraphBuilder,
  x: string,
  layer: LinearLayer,
  precision: ModelPrecision,
  activationAbsMax: number,
) => string;

/** BERT's and GPT-2's initialiser: weights ~ N(0, 0.02²), biases 0. */
export const INIT_STD = 0.02;
/**
 * QDQ activation ranges are fixed, not calibrated: a LayerNorm output with γ = 1, β = 0 has
 * unit variance per token, and a linear output has per-channel standard deviation equal to
 * the L2 norm of that weight column (unit-variance input, zero bias). Six standard deviations
 * covers every value a random-weight model produces in practice.
 */
export const ACTIVATION_SIGMAS = 6;

export function maxColumnNorm(w: Float32Array, rows: number, cols: number): number {
  const sq = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) sq[c] += w[r * cols + c]! ** 2;
  return Math.sqrt(Math.max(...sq));
}

/**
 * A factory of random, magnitude-pruned linear layers: each call draws W ~ N(0, INIT_STD²)
 * from `rng`, zeroes the smallest `sparsity` fraction, records the achieved sparsity in
 * `linears` and emits the layer; returns the output and the pruned FP32 weight.
 */
export function prunedLinears(
  b: GraphBuilder,
  rng: Prng,
  o: { sparsity: number; precision: ModelPrecision },
  linears: LinearReport[],
  emit: LinearEmitter = emitLinear,
): (
  x: string,
  name: string,
  n: number,
  m: number,
  actAbsMax: number,
) => { y: string; w: Float32Array } {
  return (x, name, n, m, actAbsMax) => {
    const layer: LinearLayer = {
      name,
      inFeatures: n,
      outFeatures: m,
      weight: rng.normals(n * m, INIT_STD),
      bias: new Float32Array(m),
    };
    const [zeros] = pruneSmallest([layer.weight], pruneCount(n * m, o.sparsity));
    linears.push({
      name,
      inFeatures: n,
      outFeatures: m,
      zeros: zeros!,
      sparsity: zeros! / (n * m),
    });
    return { y: emit(b, x, layer, o.precision, actAbsMax), w: layer.weight };
  };
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
  const bias = b.constant(`${layer.name}.bias`, 'float32', [layer.outFeatures], layer.bias);
  const y = emitProduct(b, x, layer, precision, activationAbsMax);
  return b.op('Add', `${layer.name}/Add`, [y, bias]);
}

/** x·W alone (no bias) in the requested precision; returns the product's value name. */
export function emitProduct(
  b: GraphBuilder,
  x: string,
  layer: LinearLayer,
  precision: ModelPrecision,
  activationAbsMax: number,
): string {
  const { name, inFeatures: n, outFeatures: m } = layer;
  if (precision === 'fp32') {
    const w = b.constant(`${name}.weight`, 'float32', [n, m], layer.weight);
    return b.op('MatMul', `${name}/MatMul`, [x, w]);
  }
  const { q, scales } = quantizePerChannel(layer.weight, n, m, 1);
  const wq = b.constant(`${name}.weight_quantized`, 'int8', [n, m], q);
  const wScale = b.constant(`${name}.weight_scale`, 'float32', [m], scales);
  if (precision === 'int8-qdq') {
    const wZero = b.constant(`${name}.weight_zero_point`, 'int8', [m], new Int8Array(m));
    const w = b.op('DequantizeLinear', `${name}/weight/DequantizeLinear`, [wq, wScale, wZero], {
      axis: attr.int(1),
    });
    // Symmetric int8 activations: zero point 0, scale from the expected range (see above).
    const aScale = b.scalarF32(`${name}.input_scale`, Math.max(activationAbsMax, 1e-6) / 127);
    const aZero = b.constant(`${name}.input_zero_point`, 'int8', [], new Int8Array(1));
    const xq = b.op('QuantizeLinear', `${name}/input/QuantizeLinear`, [x, aScale, aZero]);
    const xd = b.op('DequantizeLinear', `${name}/input/DequantizeLinear`, [xq, aScale, aZero]);
    return b.op('MatMul', `${name}/MatMul`, [xd, w]);
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
  return b.op('Mul', `${name}/Mul`, [accF, scale]);
}
