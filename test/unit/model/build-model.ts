import type { Graph, GraphModel, Node, Tensor, ValueInfo } from '../../../core/model/graph';

/** Small hand-built models for the model tests. */

export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attributes: Node['attributes'] = {},
  name = '',
): Node {
  return { id: name, name, opType, domain: '', attributes, inputs, outputs };
}

export function graph(parts: {
  name?: string;
  nodes: Node[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers?: Tensor[];
  valueInfo?: ValueInfo[];
}): Graph {
  return {
    name: parts.name ?? 'g',
    nodes: parts.nodes,
    inputs: parts.inputs,
    outputs: parts.outputs,
    valueInfo: new Map((parts.valueInfo ?? []).map((v) => [v.name, v])),
    initializers: new Map((parts.initializers ?? []).map((t) => [t.name, t])),
  };
}

export function model(g: Graph, extra: Partial<GraphModel> = {}): GraphModel {
  return {
    format: 'onnx',
    path: null,
    producer: 'sparsescope-test',
    producerVersion: '1',
    irVersion: 8,
    opsets: { '': 17 },
    metadata: {},
    graph: g,
    ...extra,
  };
}
