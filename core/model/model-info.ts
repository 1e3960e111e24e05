import type { FlopsInfo, LinearWeightInfo, ModelInfo } from '../api/model-info';
import type { Graph, GraphModel, Node, Tensor } from './graph';
import { bindDim, propagateShapes } from './shape-propagation';
import { elementCount, tensorByteLength, tensorToArray } from './tensor';
import { zeroFraction } from './zero-fraction';

export interface ModelInfoOptions {
  seq?: number;
  batch?: number;
}

const MATMUL_OPS = new Set(['MatMul', 'Gemm', 'MatMulInteger', 'QLinearMatMul', 'FusedMatMul']);

/** Index of the weight (B) operand of a MatMul-like op. */
const weightInput = (n: Node): number => (n.opType === 'QLinearMatMul' ? 3 : 1);

function countSubgraphNodes(g: Graph): number {
  let total = 0;
  for (const n of g.nodes) {
    for (const a of Object.values(n.attributes)) {
      const graphs = a.type === 'graph' ? [a.value] : a.type === 'graphs' ? a.value : [];
      for (const sg of graphs) total += sg.nodes.length + countSubgraphNodes(sg);
    }
  }
  return total;
}

/** Constant tensors by value name: initializers and Constant node outputs. */
function constants(g: Graph): Map<string, Tensor> {
  const map = new Map(g.initializers);
  for (const n of g.nodes) {
    const v = n.attributes.value;
    if (n.opType === 'Constant' && n.domain === '' && v?.type === 'tensor' && n.outputs[0])
      map.set(n.outputs[0], v.value);
  }
  return map;
}

function scalarOf(t: Tensor | undefined): number | undefined {
  if (!t || elementCount(t.dims) !== 1 || t.dtype === 'string') return undefined;
  const v = tensorToArray(t)[0];
  return v === undefined ? undefined : Number(v);
}

/** Summarize a model: structure, parameters, linear weights with sparsity, FLOPs at (batch, seq). */
export function modelInfo(model: GraphModel, opts: ModelInfoOptions = {}): ModelInfo {
  const bind = { batch: opts.batch ?? 1, seq: opts.seq ?? 128 };
  const g = model.graph;
  const consts = constants(g);
  const producers = new Map<string, Node>();
  for (const n of g.nodes) for (const o of n.outputs) if (o) producers.set(o, n);

  const histogram = new Map<string, number>();
  for (const n of g.nodes) {
    const key = n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.${n.opType}` : n.opType;
    histogram.set(key, (histogram.get(key) ?? 0) + 1);
  }

  let paramCount = 0;
  let paramBytes = 0;
  for (const t of consts.values()) {
    const n = elementCount(t.dims);
    paramCount += n;
    paramBytes += t.dtype === 'string' ? 0 : tensorByteLength(t.dtype, n);
  }

  const linearWeights: LinearWeightInfo[] = [];
  let weightedZeros = 0;
  let weightElements = 0;
  for (const n of g.nodes) {
    if (!MATMUL_OPS.has(n.opType)) continue;
    const input = n.inputs[weightInput(n)];
    if (!input) continue;
    let tensor = consts.get(input);
    let quantized = n.opType !== 'MatMul' && n.opType !== 'Gemm' && n.opType !== 'FusedMatMul';
    let zeroPoint: number | undefined;
    if (!tensor) {
      const dq = producers.get(input);
      if (dq?.opType === 'DequantizeLinear' && dq.inputs[0] && consts.has(dq.inputs[0])) {
        tensor = consts.get(dq.inputs[0]);
        quantized = true;
        zeroPoint = scalarOf(dq.inputs[2] ? consts.get(dq.inputs[2]) : undefined);
      }
    } else if (n.opType === 'MatMulInteger') {
      zeroPoint = scalarOf(n.inputs[3] ? consts.get(n.inputs[3]) : undefined);
    } else if (n.opType === 'QLinearMatMul') {
      zeroPoint = scalarOf(n.inputs[5] ? consts.get(n.inputs[5]) : undefined);
    }
    if (!tensor) continue;
    const stats = {
      elements: elementCount(tensor.dims),
      sparsity: zeroFraction(tensor, zeroPoint ?? 0),
    };
    linearWeights.push({
      node: n.id,
      opType: n.opType,
      weight: tensor.name,
      dtype: tensor.dtype,
      shape: [...tensor.dims],
      elements: stats.elements,
      sparsity: stats.sparsity,
      quantized,
    });
    weightedZeros += stats.sparsity * stats.elements;
    weightElements += stats.elements;
  }

  return {
    version: 1,
    file: model.path,
    format: model.format,
    producer: model.producer,
    producerVersion: model.producerVersion,
    irVersion: model.irVersion,
    opsets: { ...model.opsets },
    metadata: { ...model.metadata },
    inputs: g.inputs.map((v) => ({ name: v.name, dtype: v.dtype, shape: v.shape })),
    outputs: g.outputs.map((v) => ({ name: v.name, dtype: v.dtype, shape: v.shape })),
    nodeCount: g.nodes.length,
    subgraphNodeCount: countSubgraphNodes(g),
    opHistogram: Object.fromEntries(
      [...histogram].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    ),
    parameters: { tensors: consts.size, count: paramCount, bytes: paramBytes },
    linearWeights,
    linearSparsity: weightElements ? weightedZeros / weightElements : 0,
    flops: countFlops(g, consts, bind),
  };
}

function countFlops(
  g: Graph,
  consts: Map<string, Tensor>,
  bind: { batch: number; seq: number },
): FlopsInfo {
  const { shapes } = propagateShapes(g, bind);
  let linear = 0;
  let attention = 0;
  let counted = 0;
  const uncounted: string[] = [];
  const producers = new Map<string, Node>();
  for (const n of g.nodes) for (const o of n.outputs) if (o) producers.set(o, n);
  const isConstant = (name: string | undefined): boolean => {
    if (!name) return false;
    if (consts.has(name)) return true;
    const p = producers.get(name);
    return p?.opType === 'DequantizeLinear' && !!p.inputs[0] && consts.has(p.inputs[0]);
  };
  for (const n of g.nodes) {
    if (!MATMUL_OPS.has(n.opType)) continue;
    const a = n.inputs[0] ? shapes.get(n.inputs[0]) : undefined;
    const b = shapes.get(n.inputs[weightInput(n)] ?? '');
    const out = n.outputs[0] ? shapes.get(n.outputs[0]) : undefined;
    if (!a || !b || !out || a.length === 0) {
      uncounted.push(n.id);
      continue;
    }
    // Output elements × K multiply-adds, 2 FLOPs each; K is A's last dim (first when transA).
    const k =
      n.opType === 'Gemm' && n.attributes.transA?.type === 'int' && n.attributes.transA.value
        ? a[0]!
        : a[a.length - 1]!;
    const flops = 2 * elementCount(out) * k;
    if (isConstant(n.inputs[weightInput(n)])) linear += flops;
    else attention += flops;
    counted++;
  }
  const inputs = g.inputs
    .filter((v) => v.shape)
    .map((v) => `${v.name}[${v.shape!.map((d, i) => bindDim(d, i, bind)).join(',')}]`)
    .join(' ');
  return {
    batch: bind.batch,
    seq: bind.seq,
    linear,
    attention,
    total: linear + attention,
    countedNodes: counted,
    uncounted,
    note:
      `2·M·K·N per MatMul/Gemm/MatMulInteger/QLinearMatMul at ${inputs || 'the declared input shapes'}; ` +
      'linear = constant weight, attention = two activations; element-wise ops, softmax and norms not counted' +
      (uncounted.length
        ? `; ${uncounted.length} matmul node(s) with underivable shapes left out`
        : ''),
  };
}
