import type { GraphModel, Node, Tensor } from '../graph';

/** A constant FP32 weight consumed as the B operand of a MatMul or Gemm. */
export interface LinearWeight {
  /** Initializer name. */
  name: string;
  tensor: Tensor;
  /** Every MatMul/Gemm reading it (a tied weight is pruned/quantised once). */
  nodes: Node[];
  /**
   * Axis of the output channel in the 2-D weight: 1 for MatMul [in, out] and Gemm without
   * transB, 0 for Gemm with transB=1. null for weights of other ranks.
   */
  outAxis: 0 | 1 | null;
}

function intAttr(node: Node, name: string): number {
  const a = node.attributes[name];
  return a?.type === 'int' ? a.value : 0;
}

/** Constant FP32 MatMul/Gemm weights in graph order (top-level graph only). */
export function findLinearWeights(model: GraphModel): LinearWeight[] {
  const found = new Map<string, LinearWeight>();
  const conflicting = new Set<string>();
  for (const node of model.graph.nodes) {
    if (node.domain !== '' || (node.opType !== 'MatMul' && node.opType !== 'Gemm')) continue;
    const name = node.inputs[1] ?? '';
    const tensor = model.graph.initializers.get(name);
    if (!tensor || tensor.dtype !== 'float32' || tensor.dims.length < 2) continue;
    let outAxis: 0 | 1 | null = tensor.dims.length === 2 ? 1 : null;
    if (node.opType === 'Gemm') outAxis = intAttr(node, 'transB') ? 0 : 1;
    const seen = found.get(name);
    if (seen) {
      seen.nodes.push(node);
      // The same matrix read with and without transB has no single output-channel axis.
      if (seen.outAxis !== outAxis) conflicting.add(name);
    } else found.set(name, { name, tensor, nodes: [node], outAxis });
  }
  for (const name of conflicting) found.get(name)!.outAxis = null;
  return [...found.values()];
}

/** A copy of the model with some initializers replaced or added and some nodes swapped. */
export function rebuildModel(
  model: GraphModel,
  changes: {
    initializers?: Map<string, Tensor>;
    remove?: Set<string>;
    nodes?: Node[];
    opsets?: Record<string, number>;
  },
): GraphModel {
  const initializers = new Map(model.graph.initializers);
  for (const name of changes.remove ?? []) initializers.delete(name);
  for (const [name, t] of changes.initializers ?? []) initializers.set(name, t);
  return {
    ...model,
    path: null,
    opsets: changes.opsets ?? { ...model.opsets },
    metadata: { ...model.metadata },
    graph: {
      ...model.graph,
      nodes: changes.nodes ?? [...model.graph.nodes],
      valueInfo: new Map(model.graph.valueInfo),
      initializers,
    },
  };
}
