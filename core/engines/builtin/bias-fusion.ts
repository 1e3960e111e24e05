import type { GraphModel, Node } from '../../model/graph';

/**
 * Load-time fusion of MatMul + Add(constant bias row) into one MatMul node with the bias as
 * an internal third input: the packed kernels start their accumulators from the bias, so
 * the separate pass over the activation disappears. Only when the weight is constant (the
 * packed kernels take the bias) and the MatMul output feeds nothing else.
 */
export function fuseMatMulBias(model: GraphModel, nodes: Node[]): { nodes: Node[]; fused: number } {
  const g = model.graph;
  const producer = new Map<string, Node>();
  const consumers = new Map<string, Node[]>();
  for (const n of nodes) {
    for (const o of n.outputs) producer.set(o, n);
    for (const i of n.inputs) if (i) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  }
  const outputs = new Set(g.outputs.map((o) => o.name));
  /** Columns of a constant 2-D weight, directly or behind DequantizeLinear. */
  const weightColumns = (name: string): number | null => {
    const direct = g.initializers.get(name);
    if (direct) return direct.dims.length === 2 ? direct.dims[1]! : null;
    const p = producer.get(name);
    const q = p && p.opType === 'DequantizeLinear' ? g.initializers.get(p.inputs[0]!) : undefined;
    return q && q.dims.length === 2 ? q.dims[1]! : null;
  };
  const replaced = new Map<Node, Node>();
  const removed = new Set<Node>();
  for (const m of nodes) {
    if (m.opType !== 'MatMul' || m.domain || m.inputs.length !== 2) continue;
    const N = weightColumns(m.inputs[1]!);
    const out = m.outputs[0]!;
    const users = consumers.get(out) ?? [];
    if (N === null || users.length !== 1 || outputs.has(out)) continue;
    const add = users[0]!;
    if (
      add.opType !== 'Add' ||
      add.domain ||
      add.inputs.length !== 2 ||
      add.inputs[0] === add.inputs[1]
    )
      continue;
    const biasName = add.inputs[0] === out ? add.inputs[1]! : add.inputs[0]!;
    const bias = g.initializers.get(biasName);
    const isRow =
      bias &&
      bias.dtype === 'float32' &&
      bias.dims.length >= 1 &&
      bias.dims[bias.dims.length - 1] === N &&
      bias.dims.slice(0, -1).every((d) => d === 1);
    // A bias with more dims than the product would broadcast the output up: leave those alone.
    if (!isRow || bias.dims.length > 2) continue;
    replaced.set(m, {
      ...m,
      inputs: [m.inputs[0]!, m.inputs[1]!, biasName],
      outputs: [add.outputs[0]!],
    });
    removed.add(add);
  }
  if (replaced.size === 0) return { nodes, fused: 0 };
  return {
    nodes: nodes.filter((n) => !removed.has(n)).map((n) => replaced.get(n) ?? n),
    fused: replaced.size,
  };
}
