import { UserError } from '../../api/errors';
import type { Attribute, GraphModel, Node, Tensor } from '../graph';
import { DTYPE_TO_ONNX, tensorFromBytes, tensorToArray } from '../tensor';
import { findLinearWeights, rebuildModel, type LinearWeight } from './linear-weights';
import { quantizePerChannel, type QuantizedWeight } from './quantize-weights';

export type QuantizeMode = 'qdq' | 'dynamic';

export interface QuantizeOptions {
  /**
   * qdq: int8 weights behind DequantizeLinear (per output channel); activations get
   * QuantizeLinear/DequantizeLinear where `activationRanges` gives their range.
   * dynamic: DynamicQuantizeLinear on the activation + MatMulInteger with the int8 weight.
   */
  mode: QuantizeMode;
  /** qdq only: abs-max of each MatMul/Gemm input value (from a calibration run). */
  activationRanges?: ReadonlyMap<string, number>;
}

export interface QuantizedWeightReport {
  name: string;
  nodes: string[];
  dims: number[];
  /** Fraction of zeros in the int8 weight (same as in FP32: zeros stay zeros). */
  sparsity: number;
}

export interface QuantizeResult {
  model: GraphModel;
  weights: QuantizedWeightReport[];
  /** Weights left in FP32, with the reason. */
  skipped: { name: string; reason: string }[];
  /** qdq: activation values that got QuantizeLinear/DequantizeLinear. */
  quantizedActivations: string[];
}

function bytesOf(a: Int8Array | Float32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function transpose(q: Int8Array, rows: number, cols: number): Int8Array {
  const out = new Int8Array(q.length);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out[c * rows + r] = q[r * cols + c]!;
  return out;
}

function attrOf(node: Node, name: string, fallback: number): number {
  const a = node.attributes[name];
  return a?.type === 'int' || a?.type === 'float' ? a.value : fallback;
}

/** Quantise the constant FP32 MatMul/Gemm weights of a model to int8, symmetric per channel. */
export function quantizeModel(model: GraphModel, options: QuantizeOptions): QuantizeResult {
  const { mode } = options;
  if (mode !== 'qdq' && mode !== 'dynamic') {
    throw new UserError('BadInput', `mode must be "qdq" or "dynamic", got ${String(mode)}.`);
  }
  const opset = model.opsets[''] ?? model.opsets['ai.onnx'] ?? 0;
  const needed = mode === 'qdq' ? 13 : 11;
  if (opset < needed) {
    throw new UserError(
      'UnsupportedModel',
      `${mode} quantisation needs ONNX opset ${needed} or later (per-channel ${mode === 'qdq' ? 'DequantizeLinear' : 'DynamicQuantizeLinear'}); this model uses opset ${opset}.`,
    );
  }
  const weights = findLinearWeights(model);
  if (weights.length === 0) {
    throw new UserError(
      'UnsupportedModel',
      'The model has no constant FP32 MatMul or Gemm weights to quantise.',
    );
  }

  const used = new Set<string>();
  for (const n of model.graph.nodes) {
    used.add(n.id);
    used.add(n.name);
    for (const v of [...n.inputs, ...n.outputs]) used.add(v);
  }
  for (const v of [...model.graph.inputs, ...model.graph.outputs]) used.add(v.name);
  for (const k of model.graph.initializers.keys()) used.add(k);
  const fresh = (base: string): string => {
    let name = base;
    for (let i = 1; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    return name;
  };
  const added = new Map<string, Tensor>();
  const constant = (
    base: string,
    dtype: 'int8' | 'uint8' | 'float32',
    dims: number[],
    data: Int8Array | Float32Array,
  ): string => {
    const name = fresh(base);
    added.set(name, tensorFromBytes(name, dtype, dims, bytesOf(data)));
    return name;
  };
  const makeNode = (
    opType: string,
    base: string,
    inputs: string[],
    outputs: string[],
    attributes: Record<string, Attribute> = {},
  ): Node => {
    const id = fresh(base);
    return { id, name: id, opType, domain: '', attributes, inputs, outputs };
  };

  const skipped: QuantizeResult['skipped'] = [];
  const reports: QuantizedWeightReport[] = [];
  const byWeight = new Map<string, { w: LinearWeight; qw: QuantizedWeight }>();
  for (const w of weights) {
    if (w.outAxis === null) {
      skipped.push({
        name: w.name,
        reason: `weight of rank ${w.tensor.dims.length} (or read with different layouts) has no single output-channel axis`,
      });
      continue;
    }
    if (mode === 'dynamic' && w.nodes.some((n) => n.opType === 'Gemm' && attrOf(n, 'transA', 0))) {
      skipped.push({ name: w.name, reason: 'Gemm with transA=1 has no MatMulInteger form' });
      continue;
    }
    const [rows, cols] = w.tensor.dims as [number, number];
    const qw = quantizePerChannel(tensorToArray(w.tensor) as Float32Array, rows, cols, w.outAxis);
    byWeight.set(w.name, { w, qw });
    let zeros = 0;
    for (const v of qw.q) if (v === 0) zeros++;
    reports.push({
      name: w.name,
      nodes: w.nodes.map((n) => n.name || n.id),
      dims: [rows, cols],
      sparsity: zeros / qw.q.length,
    });
  }

  const head: Node[] = []; // weight DequantizeLinear nodes: depend on constants only
  const body: Node[] = [];
  const dequantized = new Map<string, string>();
  const activationQdq = new Map<string, string>();
  const dynamicInputs = new Map<string, [string, string, string]>();
  for (const node of model.graph.nodes) {
    const entry = byWeight.get(node.inputs[1] ?? '');
    if (!entry || node.domain !== '' || (node.opType !== 'MatMul' && node.opType !== 'Gemm')) {
      body.push(node);
      continue;
    }
    const { w, qw } = entry;
    const [rows, cols] = w.tensor.dims as [number, number];
    const channels = qw.scales.length;
    const x = node.inputs[0]!;
    if (mode === 'qdq') {
      let wd = dequantized.get(w.name);
      if (!wd) {
        const wq = constant(`${w.name}_quantized`, 'int8', [rows, cols], qw.q);
        const scale = constant(`${w.name}_scale`, 'float32', [channels], qw.scales);
        const zero = constant(`${w.name}_zero_point`, 'int8', [channels], new Int8Array(channels));
        wd = fresh(`${w.name}_dequantized`);
        head.push(
          makeNode('DequantizeLinear', `${w.name}/DequantizeLinear`, [wq, scale, zero], [wd], {
            axis: { type: 'int', value: w.outAxis! },
          }),
        );
        dequantized.set(w.name, wd);
      }
      let xIn = x;
      const range = options.activationRanges?.get(x);
      if (range !== undefined && Number.isFinite(range)) {
        let xd = activationQdq.get(x);
        if (!xd) {
          const scale = constant(
            `${x}_scale`,
            'float32',
            [],
            new Float32Array([Math.max(range, 1e-6) / 127]),
          );
          const zero = constant(`${x}_zero_point`, 'int8', [], new Int8Array(1));
          const xq = fresh(`${x}_quantized`);
          xd = fresh(`${x}_dequantized`);
          body.push(makeNode('QuantizeLinear', `${x}/QuantizeLinear`, [x, scale, zero], [xq]));
          body.push(makeNode('DequantizeLinear', `${x}/DequantizeLinear`, [xq, scale, zero], [xd]));
          activationQdq.set(x, xd);
        }
        xIn = xd;
      }
      body.push({ ...node, inputs: [xIn, wd, ...node.inputs.slice(2)] });
      continue;
    }
    // dynamic: MatMulInteger wants the weight as [K, N].
    const transB = node.opType === 'Gemm' && attrOf(node, 'transB', 0) === 1;
    const kn = transB ? transpose(qw.q, rows, cols) : qw.q;
    const [k, n] = transB ? [cols, rows] : [rows, cols];
    const alpha = node.opType === 'Gemm' ? attrOf(node, 'alpha', 1) : 1;
    const wq = constant(`${w.name}_quantized`, 'int8', [k, n], kn);
    const wZero = constant(`${w.name}_zero_point`, 'int8', [n], new Int8Array(n));
    const wScale = constant(
      `${w.name}_scale`,
      'float32',
      [n],
      alpha === 1 ? qw.scales : qw.scales.map((s) => s * alpha),
    );
    let dq = dynamicInputs.get(x);
    if (!dq) {
      dq = [fresh(`${x}_quantized`), fresh(`${x}_scale`), fresh(`${x}_zero_point`)];
      body.push(makeNode('DynamicQuantizeLinear', `${x}/DynamicQuantizeLinear`, [x], dq));
      dynamicInputs.set(x, dq);
    }
    const base = node.name || node.id;
    const acc = fresh(`${base}_int32`);
    const accF = fresh(`${base}_float`);
    const scale = fresh(`${base}_scale`);
    body.push(makeNode('MatMulInteger', `${base}/MatMulInteger`, [dq[0], wq, dq[2], wZero], [acc]));
    body.push(
      makeNode('Cast', `${base}/Cast`, [acc], [accF], {
        to: { type: 'int', value: DTYPE_TO_ONNX.float32 },
      }),
    );
    body.push(makeNode('Mul', `${base}/scale/Mul`, [dq[1], wScale], [scale]));
    const c = node.opType === 'Gemm' ? node.inputs[2] : undefined;
    if (!c) {
      body.push(makeNode('Mul', `${base}/Mul`, [accF, scale], [...node.outputs]));
      continue;
    }
    const y = fresh(`${base}_scaled`);
    body.push(makeNode('Mul', `${base}/Mul`, [accF, scale], [y]));
    let bias = c;
    const beta = attrOf(node, 'beta', 1);
    if (beta !== 1) {
      bias = fresh(`${base}_bias`);
      body.push(
        makeNode(
          'Mul',
          `${base}/beta/Mul`,
          [c, constant(`${base}_beta`, 'float32', [], new Float32Array([beta]))],
          [bias],
        ),
      );
    }
    body.push(makeNode('Add', `${base}/Add`, [y, bias], [...node.outputs]));
  }

  const nodes = [...head, ...body];
  const stillRead = new Set(nodes.flatMap((n) => n.inputs));
  for (const o of model.graph.outputs) stillRead.add(o.name);
  const remove = new Set([...byWeight.keys()].filter((name) => !stillRead.has(name)));
  const quantized = rebuildModel(model, { initializers: added, remove, nodes });
  quantized.metadata['sparsescope.quantized'] = JSON.stringify({ mode, version: 1 });
  return {
    model: quantized,
    weights: reports,
    skipped,
    quantizedActivations: [...activationQdq.keys()],
  };
}
